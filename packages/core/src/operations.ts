import type { OperationMeta } from "./types.js";

const parameterCount = (operation: OperationMeta): number => operation.path.split("{").length - 1;

/** `/contacts/{id}` → /^\/contacts\/[^/]+$/ */
const templatePattern = (template: string): RegExp =>
  RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/{[^}]*}/g, "[^/]+")}$`);

/**
 * Match a request to its operation: by the path template the call named (`client.GET("/contacts/{id}", …)`), else by
 * method + path template against the URL, after stripping the base URL's own path prefix (a tenant prefix such as
 * `/enterprises/{enterprise}`).
 */
export function createOperationMatcher(
  operations: readonly OperationMeta[],
  baseUrl: string,
): (method: string, url: string, template?: unknown) => OperationMeta | undefined {
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  // Keyed by the template first: a call names it with a string constant, whose hash is already known.
  const byTemplate = new Map<unknown, Record<string, OperationMeta>>();
  for (const operation of operations) {
    const methods = byTemplate.get(operation.path) ?? {};
    byTemplate.set(operation.path, { ...methods, [operation.method.toUpperCase()]: operation });
  }
  // A {param} matches one segment, so only templates with as many segments compete for a path: trying those with
  // fewer parameters (more literal segments) first picks /opportunities/search over /opportunities/{id}.
  const candidates = [...operations].sort((a, b) => parameterCount(a) - parameterCount(b));
  const patterns = candidates.map((operation) => templatePattern(operation.path));

  return (method, url, template) => {
    const named = byTemplate.get(template)?.[method];
    if (named) return named;
    let path = new URL(url).pathname;
    if (path.startsWith(basePath)) path = path.slice(basePath.length);
    return candidates.find((operation, i) => operation.method.toUpperCase() == method && patterns[i]!.test(path));
  };
}
