// @ts-check
// Optic diffs `paths` only, so an OpenAPI 3.1 `webhooks` entry would change unnoticed. For a receiver, the payload a
// vendor posts is what a response is to a caller: code reads it, so a field removed, made optional or given a new
// enum value breaks that code, and a field added does not. Before diffing, each webhook becomes a synthetic operation
// whose 200 response is the webhook's payload; Optic's response rules then judge it, and the reports name it
// "WEBHOOK <event>".

export const WEBHOOK_METHOD = "WEBHOOK";
const syntheticPrefix = "/x-crmkit-webhooks/";
const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** @param {string} segment */
const escapePointer = (segment) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
/** @param {string[]} segments */
const pointer = (segments) => "/" + segments.map(escapePointer).join("/");

/** The synthetic path standing for a webhook. @param {string} name */
export const syntheticPath = (name) => `${syntheticPrefix}${name}`;

/** The webhook a synthetic path stands for, or undefined for a real path. @param {string} path */
export const webhookOfPath = (path) => (path.startsWith(syntheticPrefix) ? path.slice(syntheticPrefix.length) : undefined);

/**
 * Every webhook of a spec as { name, method, operationId }.
 * @param {any} spec
 */
export function listWebhookOperations(spec) {
  /** @type {{ name: string, method: string, operationId: string | undefined }[]} */
  const list = [];
  for (const [name, item] of Object.entries(spec?.webhooks ?? {})) {
    for (const method of httpMethods) {
      const operation = item?.[method];
      if (operation) list.push({ name, method, operationId: operation.operationId });
    }
  }
  return list;
}

/**
 * Moves the webhooks of a parsed spec (Optic's `{ jsonLike, sourcemap }`, refs already inlined) into `paths` as
 * synthetic operations, in place. The sourcemap learns where each synthetic operation and payload really are, so
 * breaking changes are still reported at their line in the spec file.
 * @param {{ jsonLike: any, sourcemap: any }} parsed
 */
export function webhooksAsOperations(parsed) {
  const spec = parsed.jsonLike;
  const webhooks = spec.webhooks;
  if (!webhooks || typeof webhooks !== "object") return;
  const root = parsed.sourcemap.files.find((/** @type {{ path: string }} */ f) => f.path === parsed.sourcemap.rootFilePath);
  spec.paths ??= {};
  for (const { name, method } of listWebhookOperations(spec)) {
    const operation = webhooks[name][method];
    const path = syntheticPath(name);
    const content = operation.requestBody?.content;
    spec.paths[path] = {
      ...spec.paths[path],
      [method]: {
        operationId: operation.operationId,
        summary: operation.summary,
        responses: { "200": { description: "The payload the vendor posts.", ...(content ? { content } : {}) } },
      },
    };
    if (root) {
      // Optic resolves a location one segment at a time, following these mappings: first into the webhook, then from
      // the synthetic response content to the real request-body content.
      const real = ["webhooks", name, method];
      parsed.sourcemap.refMappings[pointer(["paths", path, method])] = [root.index, pointer(real)];
      const bodyContent = pointer([...real, "requestBody", "content"]);
      parsed.sourcemap.refMappings[pointer([...real, "responses", "200", "content"])] =
        parsed.sourcemap.refMappings[bodyContent] ?? [root.index, bodyContent];
    }
  }
  delete spec.webhooks;
}
