import type { OperationMeta } from "./types.js";

/**
 * The operation a call names: its method and the path template it was called with (`client.GET("/contacts/{id}", …)`),
 * as the contract spells it; undefined for a path the contract does not have.
 */
export function createOperationMatcher(operations: readonly OperationMeta[]): (method: string, template: unknown) => OperationMeta | undefined {
  // Keyed by the template first: a call names it with a string constant, whose hash is already known.
  const byTemplate = new Map<unknown, Record<string, OperationMeta>>();
  for (const operation of operations) {
    byTemplate.set(operation.path, { ...byTemplate.get(operation.path), [operation.method.toUpperCase()]: operation });
  }
  return (method, template) => byTemplate.get(template)?.[method];
}
