// A valid call of each operation, built from what the spec itself documents: parameter examples (or, for required
// parameters, schema defaults, consts and enums) and request-body examples. This is how a vendor without hand-written
// contract cases gets one call per operation; `pnpm new-vendor` also renders its type test from it. Plain JavaScript so
// the generator (a Node script) and the TypeScript harness share it.

import { deref, listOperations } from "../../specs/load-specs.mjs";

// OpenAPI ignores header parameters with these names (the media types and security schemes govern them).
const ignoredHeaders = new Set(["accept", "content-type", "authorization"]);
const jsonMediaType = (type) => type === "application/json" || /^application\/[\w.+-]*\+json$/.test(type);
const formMediaType = "application/x-www-form-urlencoded";
// Deep enough for any real request schema; stops a self-referencing schema from recursing forever.
const maxSchemaDepth = 12;

/** The value an example object or examples map documents first (`examples: { name: { value } }` or a JSON Schema list). */
function firstExample(spec, holder) {
  if (holder?.example !== undefined) return holder.example;
  const examples = holder?.examples;
  if (Array.isArray(examples)) return examples[0];
  if (examples && typeof examples === "object") {
    for (const example of Object.values(examples)) {
      const value = deref(spec, example)?.value;
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/**
 * A value the schema documents: its example, else its default, const or first enum value, else one built from its
 * parts (the required properties of an object, one item of an array, the first branch of a oneOf/anyOf that yields one).
 * Undefined when the schema documents none; no value is ever guessed from a bare type.
 */
export function schemaValue(spec, node, depth = 0) {
  const schema = deref(spec, node);
  if (!schema || typeof schema !== "object" || depth > maxSchemaDepth) return undefined;
  const documented = firstExample(spec, schema) ?? schema.default ?? schema.const ?? schema.enum?.[0];
  if (documented !== undefined) return documented;
  for (const branches of [schema.oneOf, schema.anyOf]) {
    for (const branch of branches ?? []) {
      const value = schemaValue(spec, branch, depth + 1);
      if (value !== undefined) return value;
    }
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => schemaValue(spec, part, depth + 1));
    if (parts.some((part) => part === undefined)) return undefined;
    return parts.every((part) => typeof part === "object" && part !== null && !Array.isArray(part)) ? Object.assign({}, ...parts) : parts[0];
  }
  const types = [schema.type].flat();
  if (types.includes("array") || schema.items) {
    const item = schemaValue(spec, schema.items, depth + 1);
    if (item !== undefined) return [item];
    return (schema.minItems ?? 0) > 0 ? undefined : [];
  }
  if (types.includes("object") || schema.properties) {
    const object = {};
    for (const name of schema.required ?? []) {
      const value = schemaValue(spec, schema.properties?.[name], depth + 1);
      if (value === undefined) return undefined;
      object[name] = value;
    }
    return object;
  }
  return types.includes("null") ? null : undefined;
}

/** A parameter's value: an example it (or its schema) documents; a required one may also take a schema value. */
function parameterValue(spec, parameter) {
  const media = parameter.content ? Object.values(parameter.content)[0] : undefined;
  const example = firstExample(spec, parameter) ?? firstExample(spec, media) ?? firstExample(spec, deref(spec, parameter.schema));
  if (example !== undefined || !parameter.required) return example;
  return schemaValue(spec, parameter.schema ?? media?.schema);
}

/** What openapi-fetch's default query serializer must be given so the request carries the parameter as the spec styles it. */
function queryEntries(parameter, value) {
  const style = parameter.style ?? "form";
  const explode = parameter.explode ?? style === "form";
  if (Array.isArray(value) && !explode) return [[parameter.name, value.join(style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",")]];
  if (value && typeof value === "object" && !Array.isArray(value) && style === "form" && explode) return Object.entries(value);
  return [[parameter.name, value]];
}

/**
 * The call of one operation: `{ operationId, method, path, params: { path, query, header }, body?, mediaType? }`.
 * Throws naming the operation and every part it could not fill.
 */
export function exampleCall(spec, path, method) {
  const item = spec.paths?.[path] ?? {};
  const operation = item[method];
  const operationId = operation?.operationId ?? `${method.toUpperCase()} ${path}`;
  const problems = [];
  const params = { path: {}, query: {}, header: {} };

  const byKey = new Map();
  for (const p of [...(item.parameters ?? []), ...(operation?.parameters ?? [])].map((p) => deref(spec, p))) byKey.set(`${p.in}:${p.name}`, p);
  for (const parameter of byKey.values()) {
    if (parameter.in === "header" && ignoredHeaders.has(String(parameter.name).toLowerCase())) continue;
    const value = parameterValue(spec, parameter);
    if (value === undefined) {
      if (parameter.required || parameter.in === "path") problems.push(`required ${parameter.in} parameter "${parameter.name}" documents no example, default, const or enum`);
      continue;
    }
    if (parameter.in === "path") params.path[parameter.name] = value;
    else if (parameter.in === "query") for (const [name, entry] of queryEntries(parameter, value)) params.query[name] = entry;
    else if (parameter.in === "header") params.header[parameter.name] = String(value);
    else if (parameter.required) problems.push(`required ${parameter.in} parameter "${parameter.name}": ${parameter.in} parameters are not supported`);
  }

  const call = { operationId, method: method.toUpperCase(), path, params: Object.fromEntries(Object.entries(params).filter(([, v]) => Object.keys(v).length > 0)) };
  const requestBody = deref(spec, operation?.requestBody);
  if (requestBody?.content) {
    const types = Object.keys(requestBody.content);
    const mediaType = types.find(jsonMediaType) ?? types.find((t) => t === formMediaType);
    const media = mediaType ? requestBody.content[mediaType] : undefined;
    const body = media ? firstExample(spec, media) ?? schemaValue(spec, media.schema) : undefined;
    if (body !== undefined) Object.assign(call, { body, mediaType });
    else if (requestBody.required) {
      problems.push(
        mediaType
          ? `required request body (${mediaType}) documents no example, and its schema yields no value`
          : `required request body: no supported media type (JSON or ${formMediaType}) among ${types.join(", ")}`,
      );
    }
  }
  if (problems.length > 0) throw new ExampleCallError(operationId, problems);
  return call;
}

/** An operation the spec documents too little about to call: names the operation and each missing part. */
export class ExampleCallError extends Error {
  name = "ExampleCallError";
  constructor(operationId, problems) {
    super(`${operationId}: ${problems.join("; ")}`);
    this.operationId = operationId;
    this.problems = problems;
  }
}

/** Every operation's example call, in spec order, and the operations no call could be built for (with the reasons). */
export function exampleCallsOf(spec) {
  const calls = [];
  const failures = [];
  for (const { path, method } of listOperations(spec)) {
    try {
      calls.push(exampleCall(spec, path, method));
    } catch (error) {
      if (!(error instanceof ExampleCallError)) throw error;
      failures.push(error);
    }
  }
  return { calls, failures };
}
