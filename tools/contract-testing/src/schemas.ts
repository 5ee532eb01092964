import { readFileSync } from "node:fs";
import ajv2020 from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { parse } from "yaml";
import { deref } from "../../specs/load-specs.mjs";
import { specPath, type Vendor } from "@crmkit/mock";

const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

type Json = any;

export interface SpecOperation {
  vendor: Vendor;
  method: string;
  path: string;
  operationId: string;
  operation: Json;
  /** Parameters of the path item and the operation (the operation's win), `$ref`s resolved. */
  parameters: Json[];
  /** GET, or a POST marked `x-crmkit-read-only`: safe to run against the real API in live mode. */
  readOnly: boolean;
}

const specs = new Map<Vendor, Json>();
export function loadSpec(vendor: Vendor): Json {
  if (!specs.has(vendor)) specs.set(vendor, parse(readFileSync(specPath(vendor), "utf8")));
  return specs.get(vendor);
}

const operationLists = new Map<Vendor, SpecOperation[]>();
/** Every operation of a vendor's spec, in spec order. */
export function operationsOf(vendor: Vendor): SpecOperation[] {
  if (!operationLists.has(vendor)) operationLists.set(vendor, readOperations(vendor));
  return operationLists.get(vendor)!;
}

function readOperations(vendor: Vendor): SpecOperation[] {
  return operationsOfSpec(loadSpec(vendor), vendor);
}

/** The operations of a parsed OpenAPI document (for specs that are not a vendor's, e.g. in the harness's own tests). */
export function operationsOfSpec(spec: Json, vendor: Vendor): SpecOperation[] {
  const ops: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = new Map<string, Json>();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p: Json) => deref(spec, p))) parameters.set(`${p.in}:${p.name}`, p);
      ops.push({
        vendor,
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId,
        operation,
        parameters: [...parameters.values()],
        readOnly: method === "get" || operation["x-crmkit-read-only"] === true,
      });
    }
  }
  return ops;
}

export function findOperation(vendor: Vendor, operationId: string): SpecOperation {
  const op = operationsOf(vendor).find((o) => o.operationId === operationId);
  if (!op) throw new Error(`${vendor} spec has no operation "${operationId}"`);
  return op;
}

// `deref` follows `$ref`s (local ones only, which is all the specs use) to the node they point at.
export { deref };

/** Documented response statuses of an operation (numeric ones only). */
export function documentedStatuses(vendor: Vendor, operationId: string): number[] {
  return Object.keys(findOperation(vendor, operationId).operation.responses ?? {}).filter((s) => /^\d{3}$/.test(s)).map(Number);
}

/** Names of the JSON examples documented for one response of an operation (what `Prefer: example=<name>` selects). */
export function responseExampleNames(vendor: Vendor, operationId: string, status: number): string[] {
  const response = deref(loadSpec(vendor), findOperation(vendor, operationId).operation.responses?.[String(status)]);
  return Object.keys(response?.content?.["application/json"]?.examples ?? {});
}

// Both packages are CommonJS whose module.exports also carries itself as `.default`; under NodeNext types the default
// import is the module, so `.default` is what type-checks and also what runs.
const Ajv2020 = ajv2020.default;
const addFormats = ajvFormats.default;
type Ajv = InstanceType<typeof Ajv2020>;

const ajvs = new Map<Vendor, Ajv>();
function ajvFor(vendor: Vendor): Ajv {
  if (!ajvs.has(vendor)) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...loadSpec(vendor), $id: "spec.json" }, "spec.json");
    ajvs.set(vendor, ajv);
  }
  return ajvs.get(vendor)!;
}

// Compiling is the expensive part and every test asks for the same few schemas again: compile each one once.
const validators = new Map<string, ReturnType<Ajv["compile"]>>();
function validatorFor(vendor: Vendor, key: string, schema: Json) {
  const cacheKey = `${vendor} ${key}`;
  if (!validators.has(cacheKey)) {
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"spec.json#/'));
    validators.set(cacheKey, ajvFor(vendor).compile(rewritten));
  }
  return validators.get(cacheKey)!;
}

/**
 * Validates a value against the schema of one parameter (`field` as the rule tables name it, e.g. `header.X-Correlation-Id`).
 * Returns Ajv's errors (empty when the value is valid).
 */
export function parameterSchemaErrors(vendor: Vendor, operationId: string, field: string, value: unknown): { keyword: string; message?: string }[] {
  const [location, ...rest] = field.split(".");
  const name = rest.join(".").toLowerCase();
  const find = (wanted: string) => findOperation(vendor, operationId).parameters.find((p: Json) => p.in === location && String(p.name).toLowerCase() === wanted);
  // `query.ids[][]` is one item of the array parameter `ids[]` (the rule tables' `[]` = every item).
  const item = !find(name) && name.endsWith("[]") ? find(name.slice(0, -2)) : undefined;
  const parameter = item ?? find(name);
  if (!parameter) throw new Error(`${operationId} has no ${location} parameter ${rest.join(".")}`);
  const schema = item ? deref(loadSpec(vendor), parameter.schema).items : parameter.schema;
  const validate = validatorFor(vendor, `${operationId} ${field}`, schema);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => ({ keyword: e.keyword, message: e.message }));
}

/**
 * Validates a body the client received against the spec's schema for that operation and status (JSON Schema 2020-12),
 * so an example or a dynamic response that contradicts its schema cannot hide. Returns an error text, or undefined.
 */
export function responseSchemaErrors(vendor: Vendor, operationId: string, status: number, body: unknown): string | undefined {
  const spec = loadSpec(vendor);
  const { operation } = findOperation(vendor, operationId);
  const response = deref(spec, operation.responses?.[String(status)] ?? operation.responses?.default);
  if (!response) return `status ${status} is not documented for ${operationId}`;
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) return body === undefined || body === "" ? undefined : `${operationId} ${status} documents no JSON body`;
  const validate = validatorFor(vendor, `${operationId} ${status}`, schema);
  return validate(body) ? undefined : ajvFor(vendor).errorsText(validate.errors, { dataVar: "body" });
}
