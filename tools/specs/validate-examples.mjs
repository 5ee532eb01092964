// Validates every example (request bodies, responses, parameters, webhook payloads) of a vendor contract against its schema
// with Ajv in JSON Schema 2020-12 mode, the dialect of OpenAPI 3.1. Usage: node tools/specs/validate-examples.mjs [vendor...]
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { listOperations, listWebhooks, loadSpec, vendors } from "./load-specs.mjs";

/** Ajv instance that resolves `#/components/...` refs against the given spec. */
export function createSpecAjv(spec) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addKeyword("example");
  ajv.addSchema({ ...spec, $id: "spec.json" }, "spec.json");
  return ajv;
}

function refOf(pointer) {
  return { $ref: "spec.json#" + pointer.map((p) => "/" + String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("") };
}

function deref(spec, node) {
  while (node && node.$ref) {
    node = node.$ref.slice(2).split("/").reduce((o, k) => o?.[k.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  }
  return node;
}

/**
 * Yields { where, schema, value } for every example in the spec: parameters, request bodies and responses of every
 * operation and of every webhook (a webhook's request body is the payload the vendor sends), and schema examples.
 */
export function* collectExamples(spec) {
  for (const { method, path, operation, pathItem } of listOperations(spec)) {
    yield* operationExamples(spec, `${method.toUpperCase()} ${path}`, operation.operationId ?? method + " " + path, operation, pathItem);
  }
  for (const { name, method, operation, pathItem } of listWebhooks(spec)) {
    yield* operationExamples(spec, `webhook ${name}`, operation.operationId ?? `webhook ${name}`, operation, pathItem);
  }
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    for (const [i, value] of (schema.examples ?? []).entries()) yield { where: `components.schemas.${name} examples[${i}]`, schema: refOf(["components", "schemas", name]), value };
  }
}

function* operationExamples(spec, place, label, operation, pathItem) {
  const params = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])];
  for (const p of params) {
    const param = deref(spec, p);
    if (param?.example !== undefined) yield { where: `${place} param ${param.name}`, schema: param.schema, value: param.example };
    for (const [name, ex] of Object.entries(param?.examples ?? {})) {
      yield { where: `${place} param ${param.name} example ${name}`, schema: param.schema, value: deref(spec, ex).value };
    }
  }
  const media = [];
  const body = deref(spec, operation.requestBody);
  for (const [type, m] of Object.entries(body?.content ?? {})) media.push([`request ${type}`, m]);
  for (const [status, r] of Object.entries(operation.responses ?? {})) {
    for (const [type, m] of Object.entries(deref(spec, r)?.content ?? {})) media.push([`response ${status} ${type}`, m]);
  }
  for (const [kind, m] of media) {
    if (!m.schema) continue;
    const where = `${label} ${kind}`;
    if (m.example !== undefined) yield { where, schema: m.schema, value: m.example };
    for (const [name, ex] of Object.entries(m.examples ?? {})) yield { where: `${where} example "${name}"`, schema: m.schema, value: deref(spec, ex).value };
  }
}

/** Returns a list of `{ where, errors }` for examples that break their schema. */
export function validateExamples(spec) {
  const ajv = createSpecAjv(spec);
  const failures = [];
  let count = 0;
  for (const { where, schema, value } of collectExamples(spec)) {
    count++;
    const validate = ajv.compile(rewriteRefs(schema));
    if (!validate(value)) failures.push({ where, errors: ajv.errorsText(validate.errors) });
  }
  return { count, failures };
}

/** Points local `#/components/...` refs at the registered spec document. */
export function rewriteRefs(schema) {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"spec.json#/'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let bad = 0;
  for (const vendor of process.argv.slice(2).length ? process.argv.slice(2) : vendors) {
    const { count, failures } = validateExamples(loadSpec(vendor));
    console.log(`${vendor}: ${count} examples, ${failures.length} invalid`);
    for (const f of failures) console.log(`  ✗ ${f.where}: ${f.errors}`);
    bad += failures.length;
  }
  process.exit(bad ? 1 : 0);
}
