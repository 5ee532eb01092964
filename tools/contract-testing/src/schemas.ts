import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { specPath, type Vendor } from "@crmkit/mock";

const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

type Json = any;

export interface SpecOperation {
  vendor: Vendor;
  method: string;
  path: string;
  operationId: string;
  operation: Json;
}

const specs = new Map<Vendor, Json>();
export function loadSpec(vendor: Vendor): Json {
  if (!specs.has(vendor)) specs.set(vendor, parse(readFileSync(specPath(vendor), "utf8")));
  return specs.get(vendor);
}

export function operationsOf(vendor: Vendor): SpecOperation[] {
  const spec = loadSpec(vendor);
  const ops: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of httpMethods) {
      if (item[method]) ops.push({ vendor, method: method.toUpperCase(), path, operationId: item[method].operationId, operation: item[method] });
    }
  }
  return ops;
}

export function findOperation(vendor: Vendor, operationId: string): SpecOperation {
  const op = operationsOf(vendor).find((o) => o.operationId === operationId);
  if (!op) throw new Error(`${vendor} spec has no operation "${operationId}"`);
  return op;
}

function deref(spec: Json, node: Json): Json {
  while (node?.$ref) node = String(node.$ref).slice(2).split("/").reduce((o: Json, k: string) => o?.[k.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  return node;
}

/** Documented response statuses of an operation (numeric ones only). */
export function documentedStatuses(vendor: Vendor, operationId: string): number[] {
  return Object.keys(findOperation(vendor, operationId).operation.responses ?? {}).filter((s) => /^\d{3}$/.test(s)).map(Number);
}

const ajvs = new Map<Vendor, Ajv2020>();
function ajvFor(vendor: Vendor): Ajv2020 {
  if (!ajvs.has(vendor)) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...loadSpec(vendor), $id: "spec.json" }, "spec.json");
    ajvs.set(vendor, ajv);
  }
  return ajvs.get(vendor)!;
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
  const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"spec.json#/'));
  const validate = ajvFor(vendor).compile(rewritten);
  return validate(body) ? undefined : ajvFor(vendor).errorsText(validate.errors, { dataVar: "body" });
}
