import { CrmkitError } from "../errors.js";

/**
 * Why a webhook delivery was refused:
 * - `signature`: no valid signature or shared secret (or none at all, when the caller did not opt out of that check);
 * - `stale`: sent longer ago (or further ahead) than the receiver accepts;
 * - `replay`: a delivery id the receiver has already accepted;
 * - `malformed`: not a readable body, or a required field is missing or unreadable;
 * - `unknown-event`: a well-formed delivery of an event the contract does not know.
 */
export type WebhookFailureReason = "signature" | "stale" | "replay" | "malformed" | "unknown-event";

export const webhookFailureReasons: readonly WebhookFailureReason[] = ["signature", "stale", "replay", "malformed", "unknown-event"];

/** A webhook delivery that must not be processed. The message says why; it never contains keys, secrets or the body. */
export class WebhookVerificationError extends CrmkitError {
  static override k = "WebhookVerificationError";
  declare readonly reason: WebhookFailureReason;
  declare readonly vendor?: string;
  /** The delivery id of a refused replay, to correlate with the first delivery in logs. */
  declare readonly deliveryId?: string;
  constructor(reason: WebhookFailureReason, message: string, details: { vendor?: string; deliveryId?: string } = {}) {
    super(message);
    Object.assign(this, { reason, ...details });
  }
}
