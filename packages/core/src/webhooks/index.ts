// @crmkit/core/webhooks: the vendor-neutral parts of receiving webhooks. Vendor packages build their `parseWebhook`
// from these; nothing here knows a vendor.
export { WebhookVerificationError, type WebhookFailureReason, webhookFailureReasons } from "./errors.js";
export { constantTimeEqual } from "./compare.js";
export { type MemoryReplayStore, type ReplayStore, createMemoryReplayStore } from "./replay-store.js";
export { type SignatureAlgorithm, publicKeyFor, verifySignature } from "./signatures.js";
export {
  ACCEPT_UNVERIFIED_WEBHOOKS,
  type AcceptUnverifiedWebhooks,
  DEFAULT_MAX_BODY_BYTES,
  type ReceivedWebhook,
  type SharedSecretOptions,
  type WebhookReceiveOptions,
  type WebhookVerification,
  checkFreshness,
  checkReceiveOptions,
  checkSecretOption,
  checkSharedSecret,
  claimDelivery,
  knownEvent,
  parseJsonObject,
  readRawBody,
  requireNonEmpty,
  withQueryParams,
} from "./delivery.js";
export {
  type AppointmentDetails,
  type AppointmentEvent,
  type AppointmentEventType,
  type AppointmentFields,
  appointmentEvent,
  idOf,
  isAppointmentEvent,
  textOf,
} from "./appointment-event.js";
export { type ConfiguredWebhookReceiver, type DeliveredWebhookEvent, type WebhookReceiver, configureWebhookReceiver, deliveredEvent } from "./receiver.js";
export { nodeHandler, requestFromNode, writeNodeResponse } from "./node-http.js";
