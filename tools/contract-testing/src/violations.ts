/** One validation finding from Prism: request findings in mock mode, request and response findings in proxy mode. */
export interface Violation {
  location: (string | number)[];
  severity: string;
  code: string | number;
  message: string;
}

// Findings Prism put in a problem+json body instead of the `sl-violations` header, keyed by the response they came with.
const bodyFindings = new WeakMap<Response, Violation[]>();

/**
 * Prism answers an invalid request on an operation that documents neither 400 nor 422 with its own problem+json
 * (`validation` array, no `sl-violations` header); `prism proxy --errors` does the same for a response that breaks the
 * contract. Its locations lack the leading "request" of the header form for requests; this adds it so both read alike.
 */
export function prismProblemViolations(body: unknown): Violation[] {
  const validation = (body as { validation?: unknown } | null)?.validation;
  if (!Array.isArray(validation)) return [];
  return (validation as Violation[]).map((v) =>
    v.location[0] === "request" || v.location[0] === "response" ? v : { ...v, location: ["request", ...v.location] },
  );
}

export function violationsOf(response: Response): Violation[] {
  const header = response.headers.get("sl-violations");
  return [...(header ? (JSON.parse(header) as Violation[]) : []), ...(bodyFindings.get(response) ?? [])];
}

/** Only Prism's errors reject a request; warnings (e.g. undeclared headers) do not. */
export function requestErrors(response: Response): Violation[] {
  return violationsOf(response).filter((v) => v.severity === "Error");
}

/** Where each error points, without Prism's leading "request": e.g. "body.TaskList.0.FromDate", "query.limit". */
export function violatedFields(response: Response): string[] {
  return requestErrors(response).map((v) => (v.location[0] === "request" ? v.location.slice(1) : v.location).join("."));
}

export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.location.join(".")}: ${v.message} (${v.code})`).join("\n");
}

/** Reads Prism's problem+json findings (if any) from a copy of the body, so the caller still gets the whole response. */
async function collectBodyFindings(response: Response): Promise<void> {
  if (!/application\/problem\+json/.test(response.headers.get("content-type") ?? "")) return;
  const findings = prismProblemViolations(await response.clone().json().catch(() => undefined));
  if (findings.length) bodyFindings.set(response, findings);
}

export interface ContractFetchOptions {
  /** The test sends an invalid request on purpose: Prism's verdict is kept for the test instead of failing the call. */
  expectViolations?: boolean;
  /** Changes each outgoing request before Prism sees it (rule tests break one rule of an otherwise valid call). */
  transform?: (request: Request) => Request | Promise<Request>;
}

/**
 * A fetch for contract tests: a request Prism finds invalid (or, through `prism proxy`, a response that breaks the
 * contract) fails the call, unless the test said it expects that. Every response is kept so tests can read Prism's
 * verdict; `rejections` keeps the failures, since the client wraps what its transport throws.
 */
export function createContractFetch(options: ContractFetchOptions = {}) {
  const seen: Response[] = [];
  const rejections: Error[] = [];
  const contractFetch = async (original: Request): Promise<Response> => {
    const request = options.transform ? await options.transform(original) : original;
    const response = await fetch(request);
    await collectBodyFindings(response);
    seen.push(response);
    const errors = requestErrors(response);
    if (errors.length && !options.expectViolations) {
      const call = `${request.method} ${new URL(request.url).pathname}`;
      const drift = errors.some((v) => v.location[0] === "response");
      const rejection = new Error(`${drift ? `The response to ${call} breaks the contract` : `Prism rejected ${call}`}:\n${describeViolations(errors)}`);
      rejections.push(rejection);
      throw rejection;
    }
    return response;
  };
  return Object.assign(contractFetch, { responses: seen, rejections, last: () => seen[seen.length - 1] });
}
export type ContractFetch = ReturnType<typeof createContractFetch>;
