// @ts-check
// Compares two versions of an OpenAPI 3.1 contract with Optic's diff engine and rule runner and turns the result into
// a semver verdict for the package generated from it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { typedClientRuleset } from "./policy-rules.mjs";
import { WEBHOOK_METHOD, listWebhookOperations, webhookOfPath, webhooksAsOperations } from "./webhook-operations.mjs";

const require = createRequire(import.meta.url);
/** @type {typeof import("@useoptic/openapi-io")} */
const openapiIo = require("@useoptic/openapi-io");
/** @type {typeof import("@useoptic/openapi-utilities")} */
const optic = require("@useoptic/openapi-utilities");
// Not re-exported from the package root; Optic's own CLI imports it from here too.
/** @type {typeof import("@useoptic/openapi-utilities/build/openapi3/group-diff.js")} */
const groupDiff = require("@useoptic/openapi-utilities/build/openapi3/group-diff.js");
/** @type {typeof import("@useoptic/rulesets-base")} */
const { RuleRunner } = require("@useoptic/rulesets-base");
/** @type {typeof import("@useoptic/standard-rulesets")} */
const { BreakingChangesRuleset } = require("@useoptic/standard-rulesets");

/** @typedef {"none" | "patch" | "minor" | "major"} Level */
/**
 * @typedef {object} OperationRef
 * @property {string} method  upper case, e.g. "GET"; "WEBHOOK" for a webhook (its payload is diffed like a response)
 * @property {string} path    as written in the spec; the event name for a webhook
 * @property {string | undefined} operationId
 */
/**
 * @typedef {object} BreakingChange
 * @property {string} rule       the Optic rule that failed
 * @property {string} message
 * @property {string} where      Optic's description of the place (operation, parameter, property)
 * @property {string} location   "file:line:column" in the version the rule looked at
 * @property {OperationRef | undefined} operation
 */
/**
 * @typedef {object} SpecComparison
 * @property {Level} level
 * @property {BreakingChange[]} breaking
 * @property {{ added: OperationRef[], removed: OperationRef[], changed: OperationRef[] }} operations
 * @property {boolean} specChanged  anything at all differs (documentation included)
 */

export const levels = /** @type {const} */ (["none", "patch", "minor", "major"]);
/** @param {Level} a @param {Level} b */
export const maxLevel = (a, b) => (levels.indexOf(a) >= levels.indexOf(b) ? a : b);

// Keys whose changes never reach the generated types (docs and examples only).
const documentationKeys = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "contact", "license", "termsOfService", "tags"]);

const httpMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * Compares two spec texts. `beforeText` undefined means the spec is new; `afterText` undefined means it was deleted.
 * @param {{ beforeText: string | undefined, afterText: string | undefined, beforeLabel: string, afterLabel: string }} input
 * labels name the two versions in locations, e.g. "specs/onelink/openapi.yaml@a1b2c3d" and "specs/onelink/openapi.yaml".
 * @returns {Promise<SpecComparison>}
 */
export async function compareSpecs({ beforeText, afterText, beforeLabel, afterLabel }) {
  if (beforeText === undefined && afterText === undefined) throw new TypeError("compareSpecs: both versions are missing");
  const scratch = mkdtempSync(join(tmpdir(), "crmkit-spec-diff-"));
  try {
    const before = beforeText === undefined ? undefined : await load(scratch, "before", beforeText, beforeLabel);
    const after = afterText === undefined ? undefined : await load(scratch, "after", afterText, afterLabel);
    if (!before && after) {
      const added = listOperations(after.jsonLike);
      return { level: "minor", breaking: [], operations: { added, removed: [], changed: [] }, specChanged: true };
    }
    if (before && !after) {
      const removed = listOperations(before.jsonLike);
      const breaking = [{ rule: "spec removed", message: "the whole contract was deleted", where: "specification", location: beforeLabel, operation: undefined }];
      return { level: "major", breaking, operations: { added: [], removed, changed: [] }, specChanged: true };
    }
    if (!before || !after) throw new Error("unreachable");

    const runner = new RuleRunner([new BreakingChangesRuleset(), typedClientRuleset]);
    const { diffs, results } = await optic.compareSpecs(before, after, runner, {});
    const grouped = groupDiff.groupDiffsByEndpoint({ from: before.jsonLike, to: after.jsonLike }, diffs, results);

    const operations = { added: /** @type {OperationRef[]} */ ([]), removed: /** @type {OperationRef[]} */ ([]), changed: /** @type {OperationRef[]} */ ([]) };
    for (const endpoint of Object.values(grouped.endpoints)) {
      const endpointDiffs = groupDiff.getEndpointDiffs(endpoint);
      if (endpointDiffs.length === 0) continue;
      const ref = operationRef(endpoint.method, endpoint.path, before.jsonLike, after.jsonLike);
      const kind = groupDiff.typeofV3Diffs(endpoint.diffs);
      if (kind === "added") operations.added.push(ref);
      else if (kind === "removed") operations.removed.push(ref);
      else operations.changed.push(ref);
    }

    const removedOperationKeys = new Set(operations.removed.map((op) => `${op.method} ${op.path}`));
    const failed = results.filter((r) => !r.passed && !r.exempted && r.severity === optic.Severity.Error);
    /** @type {BreakingChange[]} */
    const breaking = [];
    for (const result of failed) {
      const operation = operationOfJsonPath(result.location.jsonPath, before.jsonLike, after.jsonLike);
      const key = operation ? `${operation.method} ${operation.path}` : undefined;
      // A removed operation also fails every rule about its parameters and properties; its removal says it all.
      if (key && removedOperationKeys.has(key) && result.name !== "prevent operation removal") continue;
      const source = result.location.spec === "before" ? before : after;
      breaking.push({
        rule: result.name,
        message: operation?.method === WEBHOOK_METHOD ? asWebhookMessage(result.error ?? result.name) : result.error ?? result.name,
        where: result.where,
        location: locate(source, result.location.jsonPath),
        operation,
      });
    }

    const meaningful = diffs.filter((d) => !isDocumentationOnly(d.after ?? d.before ?? ""));
    /** @type {Level} */
    const level = breaking.length > 0 ? "major" : meaningful.length > 0 ? "minor" : diffs.length > 0 ? "patch" : "none";
    const sort = (/** @type {OperationRef[]} */ list) => list.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
    return {
      level,
      breaking,
      operations: { added: sort(operations.added), removed: sort(operations.removed), changed: sort(operations.changed) },
      specChanged: diffs.length > 0,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * @param {string} scratch @param {string} name @param {string} text @param {string} label
 */
async function load(scratch, name, text, label) {
  const dir = join(scratch, name);
  const file = join(dir, "openapi.yaml");
  // A per-version folder keeps the file name, so relative $refs (if a spec ever splits) resolve the same way.
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  try {
    /** @type {any} */
    const parsed = await openapiIo.parseOpenAPIWithSourcemap(file);
    const version = openapiIo.checkOpenAPIVersion(parsed.jsonLike);
    if (version !== "3.0.x" && version !== "3.1.x") throw new Error(`OpenAPI ${version} is not supported`);
    openapiIo.validateOpenApiV3Document(parsed.jsonLike, parsed.sourcemap, { strictOpenAPI: false });
    webhooksAsOperations(parsed);
    const denormalized = openapiIo.denormalize({ ...parsed, version }, version, []);
    return { ...denormalized, isEmptySpec: false, label, file };
  } catch (error) {
    throw new Error(`${label}: not a readable OpenAPI 3.x document: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** @param {{ sourcemap: any, label: string, file: string }} spec @param {string} jsonPath */
function locate(spec, jsonPath) {
  try {
    const found = optic.sourcemapReader(spec.sourcemap).findFileAndLines(jsonPath);
    if (found) return `${spec.label}:${found.startLine}`;
  } catch {
    // Optic cannot map every synthetic path (e.g. denormalized parameters); fall back to the JSON pointer.
  }
  return `${spec.label}#${jsonPath}`;
}

/** Optic speaks of responses; for a webhook the synthetic response is the payload. @param {string} message */
const asWebhookMessage = (message) => message.replace(/\bresponse( body)?\b/g, "webhook payload");

/** @param {string} pointer */
function isDocumentationOnly(pointer) {
  const segments = pointer.split("/").slice(1).map(unescapePointer);
  return segments.some((segment, i) => documentationKeys.has(segment) && segments[i - 1] !== "properties") ||
    (segments[0] === "info");
}

/** @param {string} segment */
const unescapePointer = (segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

/** Operations and webhooks of a spec. @param {any} spec @returns {OperationRef[]} */
export function listOperations(spec) {
  /** @type {OperationRef[]} */
  const list = [];
  for (const [path, item] of Object.entries(spec?.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      if (httpMethods.has(method)) list.push({ method: method.toUpperCase(), path, operationId: operation?.operationId });
    }
  }
  for (const { name, operationId } of listWebhookOperations(spec)) list.push({ method: WEBHOOK_METHOD, path: name, operationId });
  return list;
}

/** @param {string} method @param {string} path @param {any} before @param {any} after @returns {OperationRef} */
function operationRef(method, path, before, after) {
  const m = method.toLowerCase();
  const operationId = after?.paths?.[path]?.[m]?.operationId ?? before?.paths?.[path]?.[m]?.operationId;
  const webhook = webhookOfPath(path);
  if (webhook !== undefined) return { method: WEBHOOK_METHOD, path: webhook, operationId };
  return { method: method.toUpperCase(), path, operationId };
}

/** @param {string} jsonPath @param {any} before @param {any} after @returns {OperationRef | undefined} */
function operationOfJsonPath(jsonPath, before, after) {
  const [root, path, method] = jsonPath.split("/").slice(1).map(unescapePointer);
  if (root !== "paths" || !path || !method || !httpMethods.has(method)) return undefined;
  return operationRef(method, path, before, after);
}

/** "GET /contacts (getContact)" */
export const describeOperation = (/** @type {OperationRef} */ op) => `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ""}`;
