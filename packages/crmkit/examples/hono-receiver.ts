// The webhook handler in a Hono app (served here by @hono/node-server; on Bun, Deno or Workers, export the app).
// Hono hands the route the untouched fetch Request (`c.req.raw`): do not read the body before the handler does.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { type ReceiverSettings, appointmentWebhooks, syncAppointment } from "./webhook-receiver.js";

export function webhookApp(settings: ReceiverSettings): Hono {
  const handle = appointmentWebhooks(settings);
  const app = new Hono();
  app.all("/webhooks/:vendor", (c) => handle(c.req.raw));
  return app;
}

/** Serves the app on `port` (0: a free one); resolves once listening, with its base URL and a close function. */
export async function startHonoReceiver(settings: ReceiverSettings, port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: webhookApp(settings).fetch, port, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      const close = () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
      resolve({ url: `http://127.0.0.1:${info.port}`, close });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await startHonoReceiver({ sharedSecret: process.env.WEBHOOK_SECRET ?? "", onEvent: syncAppointment }, Number(process.env.PORT ?? 3000));
  console.log(`receiving webhooks at ${url}/webhooks/<vendor>`);
}
