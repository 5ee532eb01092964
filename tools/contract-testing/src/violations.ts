/** One request-validation finding from Prism's `sl-violations` response header. */
export interface Violation {
  location: (string | number)[];
  severity: string;
  code: string | number;
  message: string;
}

export function violationsOf(response: Response): Violation[] {
  const header = response.headers.get("sl-violations");
  if (!header) return [];
  return JSON.parse(header) as Violation[];
}

/** Only Prism's errors reject a request; warnings (e.g. undeclared headers) do not. */
export function requestErrors(response: Response): Violation[] {
  return violationsOf(response).filter((v) => v.severity === "Error");
}

/** Where each request error points, without Prism's leading "request": e.g. "body.TaskList.0.FromDate", "query.limit". */
export function violatedFields(response: Response): string[] {
  return requestErrors(response).map((v) => (v.location[0] === "request" ? v.location.slice(1) : v.location).join("."));
}

export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.location.join(".")}: ${v.message}`).join("\n");
}

/**
 * A fetch for contract tests: a request Prism finds invalid fails the test, unless the test said it expects one.
 * The last response is kept so tests can look at Prism's verdict.
 */
export function createContractFetch(options: { expectViolations?: boolean } = {}) {
  const seen: Response[] = [];
  const contractFetch = async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    seen.push(response);
    const errors = requestErrors(response);
    if (errors.length && !options.expectViolations) {
      throw new Error(`Prism rejected ${request.method} ${new URL(request.url).pathname}:\n${describeViolations(errors)}`);
    }
    return response;
  };
  return Object.assign(contractFetch, { responses: seen, last: () => seen[seen.length - 1] });
}
