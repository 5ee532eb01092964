// @ts-check
// What `pnpm new-vendor` reads from a contract before it writes anything: names, credentials (from securitySchemes),
// rate limit, server. Every problem is a Refusal: one line, and nothing has been written yet.
import { listOperations } from "../../specs/load-specs.mjs";

/** A reason not to create the package; the CLI prints it as one line and exits 2. */
export class Refusal extends Error {
  name = "Refusal";
}

const refuse = (/** @type {string} */ message) => {
  throw new Refusal(message);
};

/** A folder-safe vendor id: lower-case letters and digits in hyphen-separated words, starting with a letter. */
export const vendorIdPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const maxVendorIdLength = 50;

/** @param {string | undefined} id */
export function checkVendorId(id) {
  if (!id) refuse("usage: pnpm new-vendor <name>   (with specs/<name>/openapi.yaml in place)");
  if (!vendorIdPattern.test(/** @type {string} */ (id)) || /** @type {string} */ (id).length > maxVendorIdLength) {
    refuse(`"${id}" is not a folder-safe vendor id: use lower-case letters, digits and single hyphens, starting with a letter, at most ${maxVendorIdLength} characters (e.g. acme-crm)`);
  }
  return /** @type {string} */ (id);
}

/** The words of an id or a header/parameter name: `X-API-Key` → X, API, Key; `accessKey` → access, Key. @param {string} text */
const wordsOf = (text) => text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
const capitalize = (/** @type {string} */ word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

/** `acme-bookings` → `AcmeBookings`. @param {string} text */
export const pascalCase = (text) => wordsOf(text).map(capitalize).join("");

/** `acme-bookings` → `acmeBookings`, `X-API-Key` → `xApiKey`, `api_access_token` → `apiAccessToken`. @param {string} text */
export function camelCase(text) {
  const [first = "", ...rest] = wordsOf(text);
  const name = first.toLowerCase() + rest.map(capitalize).join("");
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

// CrmkitClientOptions (packages/core/src/types.ts): a credential option must not shadow one of these.
const clientOptionNames = new Set(["baseUrl", "fetch", "maxRetries", "timeout", "maxRetryDelay", "rateLimit", "rateLimiter", "retryBudget", "logger", "logLevel", "onAttempt", "middleware", "headers"]);
// A query credential rides through the stack as a header of the same name (see render-source.mjs), so it must be one.
const headerToken = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * @typedef {object} Credential
 * @property {string} scheme       the securitySchemes key
 * @property {"bearer" | "header" | "query"} kind
 * @property {string} option       the factory option that takes it
 * @property {string} [name]       header or query parameter name (header and query kinds)
 * @property {string} [description] the scheme's own description, first sentence
 */

/** @param {any} spec */
export function operationsOf(spec) {
  return listOperations(spec).map(({ method, path, operationId, operation }) => ({
    method: method.toUpperCase(),
    path,
    operationId,
    summary: operation.summary,
    security: operation.security ?? spec.security,
  }));
}

/** @param {string | undefined} text */
const firstSentence = (text) => text?.trim().split(/\n\s*\n/)[0]?.replace(/\s+/g, " ").match(/^.*?[.!?](?=\s|$)|^.*$/)?.[0];

/** @param {string} id @param {any} scheme @returns {Credential | string} a credential, or why it cannot be one */
function credentialOf(id, scheme) {
  const description = firstSentence(scheme?.description);
  const base = { scheme: id, ...(description ? { description } : {}) };
  if (scheme?.type === "http" && String(scheme.scheme).toLowerCase() === "bearer") return { ...base, kind: "bearer", option: "token" };
  // An OAuth 2.0 / OpenID Connect access token is sent as a bearer token; how it is obtained is the caller's business.
  if (scheme?.type === "oauth2" || scheme?.type === "openIdConnect") return { ...base, kind: "bearer", option: "token" };
  if (scheme?.type === "apiKey" && (scheme.in === "header" || scheme.in === "query") && typeof scheme.name === "string") {
    if (scheme.in === "query" && !headerToken.test(scheme.name)) return `query parameter name "${scheme.name}" has characters a header name cannot carry`;
    return { ...base, kind: scheme.in, name: scheme.name, option: camelCase(scheme.name) };
  }
  if (!scheme) return "is not declared in components.securitySchemes";
  return `is ${scheme.type}${scheme.scheme ? ` ${scheme.scheme}` : ""}${scheme.in ? ` in ${scheme.in}` : ""}`;
}

/**
 * The credentials the factory asks for: the first security requirement (top-level `security`, else the first
 * operation's) whose schemes are all supported and that every operation accepts. None for a spec without security.
 * @param {any} spec @returns {Credential[]}
 */
export function credentialsOf(spec) {
  const operations = operationsOf(spec);
  const lists = operations.map((o) => /** @type {Record<string, unknown>[]} */ (o.security ?? []));
  const isPublic = (/** @type {Record<string, unknown>[]} */ list) => list.length === 0 || list.some((r) => Object.keys(r).length === 0);
  if (lists.every(isPublic)) return [];
  const candidates = /** @type {Record<string, unknown>[]} */ (spec.security ?? lists.find((l) => !isPublic(l)) ?? []);
  const schemes = spec.components?.securitySchemes ?? {};
  const reasons = [];
  for (const requirement of candidates) {
    const ids = Object.keys(requirement).sort();
    const credentials = ids.map((id) => credentialOf(id, schemes[id]));
    const unsupported = ids.flatMap((id, i) => (typeof credentials[i] === "string" ? [`${id} ${credentials[i]}`] : []));
    if (unsupported.length > 0) {
      reasons.push(...unsupported);
      continue;
    }
    const same = (/** @type {Record<string, unknown>} */ r) => Object.keys(r).sort().join(" ") === ids.join(" ");
    const refusing = operations.filter((_, i) => !isPublic(lists[i] ?? []) && !lists[i]?.some(same));
    if (refusing.length > 0) {
      reasons.push(`{${ids.join(", ")}} is not accepted by ${refusing.map((o) => o.operationId ?? `${o.method} ${o.path}`).join(", ")}`);
      continue;
    }
    return checkOptionNames(/** @type {Credential[]} */ (credentials));
  }
  return refuse(`no security requirement new-vendor can generate (supported: http bearer, oauth2/openIdConnect as a bearer token, apiKey in a header or the query): ${reasons.join("; ")}`);
}

/** @param {Credential[]} credentials */
function checkOptionNames(credentials) {
  const seen = new Set();
  for (const credential of credentials) {
    if (clientOptionNames.has(credential.option)) refuse(`security scheme ${credential.scheme} would become the factory option "${credential.option}", which every client already has for something else`);
    if (seen.has(credential.option)) refuse(`two security schemes would become the same factory option "${credential.option}"`);
    seen.add(credential.option);
  }
  return credentials;
}

/**
 * The client-side rate limit: the spec's `x-crmkit-rate-limit` ({ limit, windowMs[, maxInFlight] }), else a
 * conservative default the generated source explains.
 * @param {any} spec @returns {{ limit: number, windowMs: number, maxInFlight?: number, declared: boolean }}
 */
export function rateLimitOf(spec) {
  const declared = spec["x-crmkit-rate-limit"];
  if (declared === undefined) return { limit: 5, windowMs: 1_000, declared: false };
  const positive = (/** @type {unknown} */ n) => Number.isInteger(n) && /** @type {number} */ (n) > 0;
  const known = ["limit", "windowMs", "maxInFlight"];
  if (typeof declared !== "object" || !positive(declared?.limit) || !positive(declared?.windowMs) || (declared.maxInFlight !== undefined && !positive(declared.maxInFlight)) || Object.keys(declared).some((k) => !known.includes(k))) {
    refuse(`x-crmkit-rate-limit must be { limit: <positive integer>, windowMs: <positive integer>, maxInFlight?: <positive integer> }; got ${JSON.stringify(declared)}`);
  }
  return { ...declared, declared: true };
}

/** The facts the templates need. @param {string} vendor @param {any} spec */
export function specFacts(vendor, spec) {
  if (typeof spec !== "object" || spec === null || typeof spec.openapi !== "string") refuse(`specs/${vendor}/openapi.yaml is not an OpenAPI document (no \`openapi\` version)`);
  const server = spec.servers?.[0];
  if (typeof server?.url !== "string" || !/^https?:\/\//.test(server.url)) refuse(`specs/${vendor}/openapi.yaml needs an absolute http(s) URL in servers[0] (the client's default base URL)`);
  const operations = operationsOf(spec);
  if (operations.length === 0) refuse(`specs/${vendor}/openapi.yaml has no operations`);
  const unnamed = operations.filter((o) => typeof o.operationId !== "string" || o.operationId === "");
  if (unnamed.length > 0) refuse(`every operation needs an operationId; missing on ${unnamed.map((o) => `${o.method} ${o.path}`).join(", ")}`);
  const title = String(spec.info?.title ?? vendor).trim();
  return {
    vendor,
    packageName: `@crmkit/${vendor}`,
    pascal: pascalCase(vendor),
    camel: camelCase(vendor),
    title,
    summary: firstSentence(spec.info?.description),
    serverVariables: Object.keys(server.variables ?? {}),
    operations,
    credentials: credentialsOf(spec),
    rateLimit: rateLimitOf(spec),
  };
}

/** @typedef {ReturnType<typeof specFacts>} SpecFacts */
