// Checks every `x-crmkit-pagination` declaration of a contract (specs/CONVENTIONS.md): its shape, and that what it
// names exists in the operation - the request locations among the parameters or body, the response pointers in the
// 2xx body schema, the items as an array.
import Ajv2020 from "ajv/dist/2020.js";
import { deref, listOperations } from "./load-specs.mjs";

const pointer = { type: "string", pattern: "^(/[^/]+)+$" };
const location = { type: "string", pattern: "^(query\\.[^.]+|body(\\.[^.]+)+)$" };
const endConditions = ["empty-page", "total", "has-more", "no-cursor"];

/** The extension's shape, per style (JSON Schema 2020-12). */
export const paginationShape = {
  type: "object",
  required: ["style", "items", "end"],
  additionalProperties: false,
  properties: {
    style: { enum: ["offset", "page", "cursor"] },
    items: pointer,
    pageSize: location,
    offset: location,
    page: location,
    firstPage: { type: "integer", minimum: 0 },
    cursor: { type: "object", minProperties: 1, propertyNames: location, additionalProperties: pointer },
    total: pointer,
    hasMore: pointer,
    end: { type: "array", minItems: 1, uniqueItems: true, items: { enum: endConditions } },
  },
  allOf: [
    { if: { properties: { style: { const: "offset" } } }, then: { required: ["offset"], not: { anyOf: [{ required: ["page"] }, { required: ["cursor"] }] } } },
    { if: { properties: { style: { const: "page" } } }, then: { required: ["page"], not: { anyOf: [{ required: ["offset"] }, { required: ["cursor"] }] } } },
    { if: { properties: { style: { const: "cursor" } } }, then: { required: ["cursor"], not: { anyOf: [{ required: ["offset"] }, { required: ["page"] }] } } },
  ],
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validateShape = ajv.compile(paginationShape);

/** Every schema `path` (property names) can lead to from `schema`, following $ref, allOf and oneOf/anyOf branches. */
function schemasAt(spec, schema, path) {
  let current = [deref(spec, schema)];
  for (const key of path) {
    const next = [];
    const visit = (node) => {
      node = deref(spec, node);
      if (!node || typeof node !== "object") return;
      if (node.properties?.[key]) next.push(deref(spec, node.properties[key]));
      for (const branch of [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])]) visit(branch);
    };
    current.forEach(visit);
    current = next;
  }
  return current;
}

const hasType = (schema, types) => [schema?.type].flat().some((t) => types.includes(t));
const pointerKeys = (p) => p.split("/").slice(1).map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));

/** Returns `{ where, problem }` for every declaration that breaks the shape or names something the operation lacks. */
export function paginationProblems(spec) {
  const problems = [];
  for (const { method, path, operationId, operation, pathItem } of listOperations(spec)) {
    const declared = operation["x-crmkit-pagination"];
    if (declared === undefined) continue;
    const where = `${operationId ?? `${method.toUpperCase()} ${path}`}`;
    const report = (problem) => problems.push({ where, problem });
    if (!validateShape(declared)) {
      report(ajv.errorsText(validateShape.errors, { dataVar: "x-crmkit-pagination" }));
      continue;
    }

    const needs = { total: "total", "has-more": "hasMore" };
    for (const condition of declared.end) {
      if (needs[condition] && declared[needs[condition]] === undefined) report(`end "${condition}" needs \`${needs[condition]}\``);
    }
    if ((declared.style === "cursor") !== declared.end.includes("no-cursor")) report('end "no-cursor" goes with style cursor, and only there');

    const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(spec, p));
    const body = deref(spec, operation.requestBody)?.content?.["application/json"]?.schema;
    const requestSchemas = (loc) => {
      const [where, ...rest] = loc.split(".");
      if (where === "query") return parameters.filter((p) => p.in === "query" && p.name === rest.join(".")).map((p) => deref(spec, p.schema));
      return body ? schemasAt(spec, body, rest) : [];
    };
    const numeric = [declared.pageSize, declared.offset, declared.page].filter(Boolean);
    for (const loc of [...numeric, ...Object.keys(declared.cursor ?? {})]) {
      const schemas = requestSchemas(loc);
      if (schemas.length === 0) report(`request location ${loc} is not a parameter or body property of the operation`);
      else if (numeric.includes(loc) && !schemas.some((s) => hasType(s, ["number", "integer"]))) report(`${loc} is not a number`);
    }

    const success = Object.entries(operation.responses ?? {}).find(([status]) => /^2\d\d$/.test(status))?.[1];
    const responseSchema = deref(spec, success)?.content?.["application/json"]?.schema;
    const expectTypes = { items: ["array"], total: ["number", "integer"], hasMore: ["boolean"] };
    const pointers = [
      ...["items", "total", "hasMore"].filter((k) => declared[k] !== undefined).map((k) => [k, declared[k], expectTypes[k]]),
      ...Object.values(declared.cursor ?? {}).map((p) => ["cursor", p, undefined]),
    ];
    for (const [key, p, types] of pointers) {
      const schemas = responseSchema ? schemasAt(spec, responseSchema, pointerKeys(p)) : [];
      if (schemas.length === 0) report(`${key} pointer ${p} is not in the 2xx response body`);
      else if (types && !schemas.some((s) => hasType(s, types))) report(`${key} pointer ${p} is not of type ${types.join(" or ")}`);
    }
  }
  return problems;
}
