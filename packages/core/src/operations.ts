import type { OperationMeta } from "./types.js";

const parameterCount = (operation: OperationMeta): number => operation.path.split("{").length - 1;

/** `/contacts/{id}` → /^\/contacts\/[^/]+$/ */
const templatePattern = (template: string): RegExp =>
  RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/{[^}]*}/g, "[^/]+")}$`);

/**
 * Match a request to its operation by method + path template, after stripping the base URL's own path prefix
 * (a tenant prefix such as `/enterprises/{enterprise}`).
 */
export function createOperationMatcher(
  operations: readonly OperationMeta[],
  baseUrl: string,
): (method: string, url: string) => OperationMeta | undefined {
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  // A {param} matches one segment, so only templates with as many segments compete for a path: trying those with
  // fewer parameters (more literal segments) first picks /opportunities/search over /opportunities/{id}.
  const candidates = [...operations].sort((a, b) => parameterCount(a) - parameterCount(b));
  const patterns = candidates.map((operation) => templatePattern(operation.path));

  return (method, url) => {
    let path = new URL(url).pathname;
    if (path.startsWith(basePath)) path = path.slice(basePath.length);
    return candidates.find((operation, i) => operation.method.toUpperCase() == method && patterns[i]!.test(path));
  };
}
