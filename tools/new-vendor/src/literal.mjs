// @ts-check
// JSON values (the spec's examples) as TypeScript literals, written the way a person would: bare keys where they are
// identifiers, and one property per line once a line would pass 100 characters.

const lineLimit = 100;

/** @param {string} key */
export const propertyKey = (key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));

/** @param {unknown} value @returns {string} */
function flat(value) {
  if (Array.isArray(value)) return `[${value.map(flat).join(", ")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const entries = Object.entries(value);
  return entries.length > 0 ? `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${flat(v)}`).join(", ")} }` : "{}";
}

/** @param {unknown} value @param {string} [indent] the indentation of the line the literal starts on @returns {string} */
export function literal(value, indent = "") {
  const oneLine = flat(value);
  if (indent.length + oneLine.length <= lineLimit || value === null || typeof value !== "object") return oneLine;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + literal(v, inner)).join(",\n")},\n${indent}]`;
  return `{\n${Object.entries(value).map(([k, v]) => `${inner}${propertyKey(k)}: ${literal(v, inner)}`).join(",\n")},\n${indent}}`;
}

/** `key: value` pairs of an object literal. @param {Record<string, unknown>} object */
export const entries = (object) => Object.entries(object).map(([k, v]) => `${propertyKey(k)}: ${flat(v)}`);
