import { type ApiError, createApiError } from "./errors.js";
import { scrub, secretsOf } from "./redact.js";
import { requestIdOf } from "./request-id.js";
import { RETRY_STATUSES } from "./steps/retry-policy.js";
import type { VendorDefinition } from "./types.js";

export interface FailedAnswer {
  status: number;
  headers: Headers;
  /** The body: parsed JSON, else the text ("" when empty, undefined when it was never read). */
  body: unknown;
  /** A 2xx whose body claims JSON but does not parse. */
  invalidJson?: boolean;
  /** The request as sent, to scrub its credentials from what the vendor echoes. */
  sent: Request | undefined;
  operationId: string | undefined;
}

/**
 * The one place a vendor's answer becomes a typed ApiError: the vendor's parser names code, message and details, the
 * status picks the class, and every credential the request carried is scrubbed from what the vendor wrote.
 */
export function vendorApiError(definition: VendorDefinition, answer: FailedAnswer): ApiError {
  const { status, body } = answer;
  const vendorError = definition.parseError(body, status);
  const secrets = answer.sent ? secretsOf(answer.sent, definition.secretNames) : [];
  const findings = mockFindings(answer.headers);
  const scrubbedBody = scrub(body, secrets);
  const error = createApiError({
    vendor: definition.vendor,
    status,
    code: answer.invalidJson ? "INVALID_JSON" : vendorError.code,
    message: scrub(findings ? describeFindings(findings) : vendorError.message || "HTTP " + status, secrets),
    details: (findings ?? vendorError.details) == null ? scrubbedBody : scrub(findings ?? vendorError.details, secrets),
    requestId: requestIdOf(definition, answer.headers),
    correlationId: answer.sent?.headers.get("x-correlation-id") ?? undefined,
    retryable: RETRY_STATUSES.includes(status),
    operationId: answer.operationId,
  });
  // The whole body as the vendor sent it (scrubbed), for contract checks; kept out of JSON and logs.
  Object.defineProperty(error, "body", { value: scrubbedBody });
  return error;
}

/** One contract violation a mock server found in the request: where (`["body", "TaskList", 0, "FromDate"]`) and why. */
export interface MockFinding {
  location: (string | number)[];
  message: string;
  code?: string | number;
  severity?: string;
}

/**
 * A contract mock (Prism) that rejects a request says which field broke which rule in its `sl-violations` header: the
 * error then reads like the mock's finding (`body.TaskList.0.FromDate: must match format "date-time"`), not "Bad Request".
 */
const mockFindings = (headers: Headers): MockFinding[] | undefined => {
  const header = headers.get("sl-violations");
  if (!header) return undefined;
  try {
    const findings = (JSON.parse(header) as MockFinding[]).filter((f) => f.severity === undefined || f.severity === "Error");
    return findings.length ? findings : undefined;
  } catch {
    return undefined;
  }
};

const describeFindings = (findings: MockFinding[]): string =>
  findings.map((f) => `${(f.location[0] === "request" ? f.location.slice(1) : f.location).join(".")}: ${f.message}`).join("; ");
