// Table-driven contract suites. Each vendor keeps a table of operation cases (operationId → a call through its generated
// client), a table of rule cases (one per rule the spec declares on request inputs) and a live-mode table; these
// functions turn the tables into vitest suites, so every vendor is tested the same way.
import {
  ApiError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  UnprocessableError,
  unwrap,
} from "@crmkit/core";
import { startMock, type MockServer, type Vendor } from "@crmkit/mock";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Call, RequestChange } from "./requests.js";
import { namesField, requestRulesOf, ruleKey, type RequestRule } from "./rules.js";
import { documentedStatuses, operationsOf, parameterSchemaErrors, responseExampleNames, responseSchemaErrors } from "./schemas.js";
import { createContractFetch, describeViolations, prismProblemViolations, requestErrors, type ContractFetch } from "./violations.js";

/** A call of one operation through the generated client; `headers` (e.g. Prism's `Prefer`) must be passed on. */
export type OperationCase<C> = (client: C, headers: Record<string, string>) => Promise<Call>;

/** A request that breaks a rule: a change to the operation's valid call, or a call of its own (e.g. an empty path id). */
export type BadRequest<C> = RequestChange | { call: (client: C) => Promise<Call> };
export const viaClient = <C>(call: (client: C) => Promise<Call>): BadRequest<C> => ({ call });

/**
 * A rule Prism cannot check over HTTP, with the reason. The test then proves both halves: the spec's schema rejects
 * `value` (Ajv), and Prism lets the request through (so the test fails, asking for this note to go, once Prism does check).
 */
export interface PrismGap {
  prismCannotCheck: string;
  value: unknown;
}

/** `[operationId, rule, field, bad request, gap?]`; rule and field as `requestRulesOf` names them. */
export type RuleCase<C> = readonly [operationId: string, rule: string, field: string, badRequest: BadRequest<C>, gap?: PrismGap];

export interface LiveCase<C> {
  /** Optional environment variables (ids of real records) this call needs; it is skipped, naming them, without them. */
  needs?: readonly string[];
  call: (client: C, env: Record<string, string>) => Promise<Call>;
}

export interface LiveConfig<C> {
  /** Environment variables that must all be set to run the live suite (credentials, account). */
  env: readonly string[];
  /** The real API's base URL (what `prism proxy` forwards to). */
  upstream: (env: Record<string, string>) => string;
  client: (options: { fetch: ContractFetch; baseUrl: string; env: Record<string, string> }) => C;
  /** One case per read-only operation (GET or `x-crmkit-read-only`). */
  cases: Record<string, LiveCase<C>>;
}

export interface VendorContract<C> {
  vendor: Vendor;
  /** A client on the mock: fake credentials, `maxRetries: 0` (a 429/5xx example must reach the test as it is). */
  client: (options: { fetch: ContractFetch; baseUrl: string }) => C;
  /** Where the vendor's error body carries its error code (what `ApiError.code` must be). */
  errorCode: (body: any) => string | undefined;
  /** The vendor reports some failures inside a 2xx body (LeadSquared `Status: "Error"`). */
  errorsInSuccessBodies?: boolean;
  operations: Record<string, OperationCase<C>>;
  rules: readonly RuleCase<C>[];
  /** Absent for a vendor nobody has run against the real API yet (e.g. one `pnpm new-vendor` just created). */
  live?: LiveConfig<C>;
}

const errorClasses: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableError,
  429: RateLimitedError,
};
/** The typed error a caller must get for an HTTP status (documented by @crmkit/core). */
export const errorClassFor = (status: number): typeof ApiError => errorClasses[status] ?? (status >= 500 ? ServerError : ApiError);

/** Which of `expected` the `covered` list lacks, and which of its entries `expected` does not know. */
export function coverageGaps(expected: readonly string[], covered: readonly string[]): { missing: string[]; unknown: string[] } {
  return { missing: expected.filter((e) => !covered.includes(e)), unknown: covered.filter((c) => !expected.includes(c)) };
}

/** Throws, naming them, when `covered` lacks an entry of `expected` or has one `expected` does not know. */
export function assertCovered(what: string, expected: readonly string[], covered: readonly string[]): void {
  const { missing, unknown } = coverageGaps(expected, covered);
  const problems = [
    ...(missing.length ? [`no case for ${missing.length} ${what}(s):\n  ${missing.join("\n  ")}`] : []),
    ...(unknown.length ? [`case(s) for ${what}(s) the spec does not declare:\n  ${unknown.join("\n  ")}`] : []),
  ];
  if (problems.length) throw new Error(problems.join("\n"));
}

/** Never undefined: a client without a baseUrl would call the real vendor. */
const mockUrl = (vendor: Vendor): string => {
  const url = inject("mockUrls")[vendor];
  if (url === undefined) throw new Error(`no mock server for ${vendor}: @crmkit/mock ships no specs/${vendor}/openapi.yaml`);
  return url;
};
const mockMode = () => inject("mockMode");

/** Runs a call; when Prism rejected the request, that (readable) verdict is thrown instead of the client's wrapper. */
async function send(fetch: ContractFetch, call: () => Promise<Call>): Promise<Call> {
  try {
    return await call();
  } catch (error) {
    throw fetch.rejections.at(-1) ?? error;
  }
}

function caseFor<C>(contract: VendorContract<C>, operationId: string): OperationCase<C> {
  const operationCase = contract.operations[operationId];
  if (!operationCase) throw new Error(`${contract.vendor}: the operation table has no case for "${operationId}"`);
  return operationCase;
}

/** The vendor's error body a failed call carries (its typed error keeps it as `body`). */
const errorBody = (result: Call): unknown => (result.error as { body?: unknown } | undefined)?.body;

async function expectTypedError(contract: VendorContract<unknown>, operationId: string, result: Call, body: unknown) {
  const status = result.response.status;
  expect(result.error, "`error` is the typed error itself").toBeInstanceOf(errorClassFor(status));
  const thrown = await unwrap(result).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown, `unwrap() must throw for ${status}`).toBeInstanceOf(errorClassFor(status));
  expect(thrown).toMatchObject({ vendor: contract.vendor, status, code: contract.errorCode(body), operationId });
}

/** A successful status: the body validates against its schema and `unwrap()` returns it (or throws a vendor error-in-2xx). */
async function expectSuccess<C>(contract: VendorContract<C>, operationId: string, status: number, headers: Record<string, string>) {
  const fetch = createContractFetch();
  const client = contract.client({ fetch, baseUrl: mockUrl(contract.vendor) });
  const result = await send(fetch, () => caseFor(contract, operationId)(client, headers));
  expect(result.response.status).toBe(status);
  const body = result.error !== undefined ? errorBody(result) : result.data;
  expect(responseSchemaErrors(contract.vendor, operationId, status, body)).toBeUndefined();
  if (result.error !== undefined) {
    expect(contract.errorsInSuccessBodies, `${contract.vendor} documents no error inside a ${status}`).toBe(true);
    await expectTypedError(contract as VendorContract<unknown>, operationId, result, body);
  } else {
    await expect(unwrap(result)).resolves.toEqual(result.data);
  }
}

/** Calls every operation of the spec through its case, for each documented 2xx status (and, on static examples, each named 2xx example). */
export function operationSuite<C>(contract: VendorContract<C>): void {
  const mode = mockMode();
  describe(`${contract.vendor}: every operation through the generated client (${mode} responses)`, () => {
    for (const { operationId } of operationsOf(contract.vendor)) {
      const successes = documentedStatuses(contract.vendor, operationId).filter((s) => s >= 200 && s < 300);
      for (const status of successes) {
        // Prism serves the first documented 2xx by itself; ask for the others explicitly.
        const headers: Record<string, string> = status === successes[0] ? {} : { Prefer: `code=${status}` };
        it(`${operationId} → ${status}`, () => expectSuccess(contract, operationId, status, headers));
        if (mode !== "static") continue;
        for (const example of responseExampleNames(contract.vendor, operationId, status).slice(1)) {
          it(`${operationId} → ${status}, example "${example}"`, () =>
            expectSuccess(contract, operationId, status, { Prefer: `code=${status}, example=${example}` }));
        }
      }
    }
  });
}

/** Requests every documented error status of every operation (`Prefer: code=<status>`) and checks what the caller gets. */
export function errorSuite<C>(contract: VendorContract<C>): void {
  const mode = mockMode();
  const run = async (operationId: string, status: number, prefer: string) => {
    const fetch = createContractFetch();
    const client = contract.client({ fetch, baseUrl: mockUrl(contract.vendor) });
    const result = await send(fetch, () => caseFor(contract, operationId)(client, { Prefer: prefer }));
    expect(result.response.status).toBe(status);
    expect(result.data).toBeUndefined();
    expect(responseSchemaErrors(contract.vendor, operationId, status, errorBody(result))).toBeUndefined();
    await expectTypedError(contract as VendorContract<unknown>, operationId, result, errorBody(result));
  };
  describe(`${contract.vendor}: every documented error status reaches the caller as its typed error (${mode} responses)`, () => {
    for (const { operationId } of operationsOf(contract.vendor)) {
      for (const status of documentedStatuses(contract.vendor, operationId).filter((s) => s >= 400)) {
        it(`${operationId} → ${status} ${errorClassFor(status).k}`, () => run(operationId, status, `code=${status}`));
        if (mode !== "static") continue;
        for (const example of responseExampleNames(contract.vendor, operationId, status).slice(1)) {
          it(`${operationId} → ${status}, example "${example}"`, () => run(operationId, status, `code=${status}, example=${example}`));
        }
      }
    }
  });
}

/** Sends one request per rule case and expects Prism to reject it with an error naming the field. */
export function ruleSuite<C>(contract: VendorContract<C>): void {
  const declared = new Map(requestRulesOf(contract.vendor).map((r) => [ruleKey(r), r] as const));
  describe(`${contract.vendor}: every rule the spec declares on requests is enforced (${mockMode()} responses)`, () => {
    for (const [operationId, rule, field, badRequest, gap] of contract.rules) {
      const spec: RequestRule | undefined = declared.get(ruleKey({ operationId, rule, field }));
      const title = `${operationId}: ${rule} on ${field}${spec ? ` (${spec.detail})` : ""}`;
      if (gap) {
        it(`${title}: schema rejects ${JSON.stringify(gap.value)}; Prism cannot check it (${gap.prismCannotCheck})`, async () => {
          expect(spec, `the ${contract.vendor} spec declares no rule "${rule}" on ${field} of ${operationId}`).toBeDefined();
          expect(parameterSchemaErrors(contract.vendor, operationId, field, gap.value).map((e) => e.keyword)).toContain(rule);
          const fetch = createContractFetch({ expectViolations: true, ...(typeof badRequest === "function" ? { transform: badRequest } : {}) });
          const client = contract.client({ fetch, baseUrl: mockUrl(contract.vendor) });
          await send(fetch, () => (typeof badRequest === "function" ? caseFor(contract, operationId)(client, {}) : badRequest.call(client)));
          expect(namesField(requestErrors(fetch.last()!), field), "Prism now checks this rule: drop the gap note from the table").toBe(false);
        });
        continue;
      }
      it(title, async () => {
        expect(spec, `the ${contract.vendor} spec declares no rule "${rule}" on ${field} of ${operationId}`).toBeDefined();
        const baseUrl = mockUrl(contract.vendor);
        const fetch = createContractFetch({ expectViolations: true, ...(typeof badRequest === "function" ? { transform: badRequest } : {}) });
        const client = contract.client({ fetch, baseUrl });
        const result = await send(fetch, () =>
          typeof badRequest === "function" ? caseFor(contract, operationId)(client, {}) : badRequest.call(client),
        );
        const response = fetch.last()!;
        const errors = requestErrors(response);
        expect(errors.length, `Prism accepted the request that breaks ${rule} on ${field}`).toBeGreaterThan(0);
        expect(namesField(errors, field), `no Prism error names ${field}:\n${describeViolations(errors)}`).toBe(true);

        // What the caller sees: an error status with the documented error body (or Prism's own problem+json where
        // the operation documents no 400/422), and the typed error from unwrap().
        const status = result.response.status;
        expect(status).toBeGreaterThanOrEqual(400);
        expect(result.data).toBeUndefined();
        if (documentedStatuses(contract.vendor, operationId).includes(status)) {
          expect(responseSchemaErrors(contract.vendor, operationId, status, errorBody(result))).toBeUndefined();
        } else {
          expect(prismProblemViolations(errorBody(result)).length, "an undocumented status must be Prism's own validation problem").toBeGreaterThan(0);
        }
        await expect(unwrap(result)).rejects.toBeInstanceOf(errorClassFor(status));
      });
    }
  });
}

/** Unit checks of the tables against the spec: every operation, rule and read-only operation has its case. */
export function coverageSuite<C>(contract: VendorContract<C>): void {
  const operationIds = operationsOf(contract.vendor).map((o) => o.operationId);
  const readOnlyIds = operationsOf(contract.vendor).filter((o) => o.readOnly).map((o) => o.operationId);
  const ruleKeys = requestRulesOf(contract.vendor).map(ruleKey);
  const tableRuleKeys = contract.rules.map(([operationId, rule, field]) => ruleKey({ operationId, rule, field }));

  describe(`${contract.vendor}: the case tables cover the spec`, () => {
    it(`every operation has a case (${operationIds.length} operations)`, () => {
      assertCovered("operation", operationIds, Object.keys(contract.operations));
    });
    it("the operation check fails, naming it, for an operation the table lacks", () => {
      expect(() => assertCovered("operation", [...operationIds, "made-up-operation"], Object.keys(contract.operations))).toThrow(
        /no case for 1 operation\(s\):\n {2}made-up-operation/,
      );
      expect(() => assertCovered("operation", operationIds.slice(1), Object.keys(contract.operations))).toThrow(operationIds[0]);
    });
    it(`every rule on request inputs has a case (${ruleKeys.length} rules)`, () => {
      assertCovered("rule", ruleKeys, tableRuleKeys);
      expect(new Set(tableRuleKeys).size, "a rule is listed twice").toBe(tableRuleKeys.length);
    });
    it("the rule check fails, naming it, for a rule the table lacks", () => {
      expect(() => assertCovered("rule", ruleKeys, tableRuleKeys.slice(1))).toThrow(tableRuleKeys[0]!);
    });
    it(`every read-only operation has a live case (${readOnlyIds.length} operations)`, () => {
      assertCovered("read-only operation", readOnlyIds, Object.keys(contract.live?.cases ?? {}));
    });
  });
}

/**
 * Opt-in: with the vendor's credentials in the environment, runs every read-only operation through `prism proxy`
 * against the real API, so Prism reports any drift between the API and the spec (request or response). Without them
 * the suite is reported as skipped, naming the variables. Runs in the static project only (once per run).
 */
export function liveSuite<C>(contract: VendorContract<C>): void {
  const { live } = contract;
  if (!live) throw new Error(`${contract.vendor}: liveSuite needs the contract's \`live\` table (credentials, upstream, one case per read-only operation)`);
  const missing = live.env.filter((name) => !process.env[name]);
  const env = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith("CRMKIT_LIVE_")).map((k) => [k, process.env[k]!]));
  const mode = mockMode();
  const reason = missing.length ? `skipped: set ${missing.join(", ")}` : mode !== "static" ? "runs in contract:static only" : "";
  describe.skipIf(reason !== "")(`${contract.vendor}: live API through prism proxy${reason ? ` (${reason})` : ""}`, () => {
    let proxy: MockServer;
    beforeAll(async () => {
      proxy = await startMock(contract.vendor, { proxyTo: live.upstream(env) });
    });
    afterAll(() => proxy?.close());
    for (const op of operationsOf(contract.vendor).filter((o) => o.readOnly)) {
      const liveCase = live.cases[op.operationId];
      const absent = (liveCase?.needs ?? []).filter((name) => !env[name]);
      it.skipIf(absent.length > 0)(`${op.operationId}${absent.length ? ` (skipped: set ${absent.join(", ")})` : ""}`, async () => {
        if (!liveCase) throw new Error(`${contract.vendor}: the live table has no case for "${op.operationId}"`);
        const fetch = createContractFetch();
        const client = live.client({ fetch, baseUrl: proxy.url, env });
        const result = await send(fetch, () => liveCase.call(client, env));
        const status = result.response.status;
        expect(documentedStatuses(contract.vendor, op.operationId), `the real API answered an undocumented ${status}`).toContain(status);
        expect(responseSchemaErrors(contract.vendor, op.operationId, status, result.error !== undefined ? errorBody(result) : result.data)).toBeUndefined();
      });
    }
  });
}
