// The operation table of a vendor that has no hand-written cases yet: one call per operation, built from the spec's
// examples (`example-calls.mjs`). Hand-written cases can replace any entry; see packages/onelink/test/cases.ts.
import type { Vendor } from "@crmkit/mock";
import { exampleCallsOf, type ExampleCall } from "./example-calls.mjs";
import type { Call } from "./requests.js";
import { loadSpec } from "./schemas.js";
import type { OperationCase } from "./suites.js";

export { ExampleCallError, exampleCall, exampleCallsOf, schemaValue, type ExampleCall } from "./example-calls.mjs";

type LooseClient = Record<string, (path: string, init: Record<string, unknown>) => Promise<Call>>;

/** openapi-fetch's init for an example call; `headers` (the suites' `Prefer`) go on top of the spec's header parameters. */
export function exampleInit(call: ExampleCall, headers: Record<string, string>): Record<string, unknown> {
  const init: Record<string, unknown> = { params: call.params, headers };
  if (call.body === undefined) return init;
  init.body = call.body;
  if (call.mediaType === "application/x-www-form-urlencoded") {
    init.bodySerializer = (body: Record<string, unknown>) => new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
    init.headers = { "Content-Type": call.mediaType, ...headers };
  } else if (call.mediaType !== "application/json") {
    init.headers = { "Content-Type": call.mediaType, ...headers };
  }
  return init;
}

/**
 * One case per operation of the vendor's spec, each a call built from the spec's examples. Throws, naming every
 * operation it cannot build a call for and what that operation lacks, so a test file using it fails at once.
 */
export function exampleOperations<C>(vendor: Vendor, spec: unknown = loadSpec(vendor)): Record<string, OperationCase<C>> {
  const { calls, failures } = exampleCallsOf(spec);
  if (failures.length > 0) {
    throw new Error(
      `${vendor}: cannot build a call from the spec's examples for ${failures.length} operation(s); document an example ` +
        `for each part (or write the case by hand):\n  ${failures.map((f) => f.message).join("\n  ")}`,
    );
  }
  const cases: Record<string, OperationCase<C>> = {};
  for (const call of calls) {
    cases[call.operationId] = (client, headers) => (client as unknown as LooseClient)[call.method]!(call.path, exampleInit(call, headers));
  }
  return cases;
}
