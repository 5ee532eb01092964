// Shared loader for the vendor contracts: every tool and test reads specs through here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { specsDir } from "./vendors.mjs";

export { repoRoot, vendors } from "./vendors.mjs";

export function specPath(vendor) {
  return join(specsDir, vendor, "openapi.yaml");
}

export function loadSpec(vendor) {
  return parse(readFileSync(specPath(vendor), "utf8"));
}

export const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Follows local `$ref`s (JSON pointers, `~1` and `~0` unescaped) to the node they point at. */
export function deref(spec, node) {
  while (node?.$ref) node = String(node.$ref).slice(2).split("/").reduce((o, k) => o?.[k.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  return node;
}

/** Every operation in a spec as { method, path, operationId, operation }. */
export function listOperations(spec) {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (operation) ops.push({ method, path, operationId: operation.operationId, operation, pathItem: item });
    }
  }
  return ops;
}

/** Every webhook operation of a spec (OpenAPI 3.1 `webhooks`) as { name, method, operationId, operation, pathItem }. */
export function listWebhooks(spec) {
  const hooks = [];
  for (const [name, item] of Object.entries(spec.webhooks ?? {})) {
    for (const method of httpMethods) {
      const operation = item?.[method];
      if (operation) hooks.push({ name, method, operationId: operation.operationId, operation, pathItem: item });
    }
  }
  return hooks;
}
