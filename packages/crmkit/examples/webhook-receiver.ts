// One handler for HighLevel, LeadSquared and One-Link webhooks, as an application would configure it. The servers in
// node-http-receiver.ts and hono-receiver.ts mount it at /webhooks/<vendor>.
import {
  type LeadConnectorWebhookOptions,
  type ReplayStore,
  type WebhookHandlerEvent,
  type WebhookRefusal,
  createWebhookHandler,
  leadConnectorWebhooks,
  leadSquaredWebhooks,
  oneLinkWebhooks,
} from "crmkit/webhooks";

export interface ReceiverSettings {
  /** HighLevel's keys (default: its published RSA key) and replay store. */
  highLevel?: LeadConnectorWebhookOptions;
  /** Shared replay store (e.g. createRedisReplayStore from @crmkit/limiter-redis) when several processes receive. */
  replayStore?: ReplayStore;
  /** The secret given to LeadSquared (custom header, status URL) and to One-Link's automation rules (their URL). */
  sharedSecret: string;
  onEvent: (event: ReceivedEvent) => Promise<void> | void;
  onRefused?: (refusal: WebhookRefusal) => void;
}

const receivers = (settings: ReceiverSettings) => ({
  leadconnector: leadConnectorWebhooks({ ...settings.highLevel, ...(settings.replayStore ? { replayStore: settings.replayStore } : {}) }),
  leadsquared: leadSquaredWebhooks({ secret: settings.sharedSecret }),
  onelink: oneLinkWebhooks({ secret: settings.sharedSecret }),
});

/** What `onEvent` receives: appointment events normalized, the others (opportunities, LeadSquared tasks) typed. */
export type ReceivedEvent = WebhookHandlerEvent<ReturnType<typeof receivers>>;

export function appointmentWebhooks(settings: ReceiverSettings): (request: Request) => Promise<Response> {
  return createWebhookHandler({
    ...receivers(settings),
    onEvent: settings.onEvent,
    // Refusals carry the reason and a message, never a key, a secret or the body.
    onRefused: settings.onRefused ?? ((refusal) => console.warn(`webhook ${refusal.vendor ?? "?"} refused (${refusal.status} ${refusal.reason}): ${refusal.message}`)),
  });
}

/** An example onEvent: keep a local copy of each appointment in step. */
export async function syncAppointment(event: ReceivedEvent): Promise<void> {
  if ("appointment" in event) {
    const { vendor, type, appointment } = event;
    console.log(`${vendor} appointment ${appointment.id} ${type}: ${appointment.start.toISOString()} (${appointment.status})`);
  } else {
    console.log(`${event.vendor} ${event.event}`);
  }
}
