import { CrmkitError } from "../errors.js";

/**
 * The vendor's contract has no way to do what was asked (e.g. free slots on a vendor that documents no availability).
 * Thrown before any request; naming the vendor and the facade operation.
 */
export class NotSupportedError extends CrmkitError {
  static override k = "NotSupportedError";
  readonly retryable: boolean = false;
  constructor(
    readonly vendor: string,
    readonly operation: string,
    reason?: string,
  ) {
    super(`${vendor} does not support ${operation}${reason ? `: ${reason}` : ""}`);
  }
}
