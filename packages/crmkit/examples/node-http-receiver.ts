// The webhook handler on node:http. Run: node --experimental-strip-types examples/node-http-receiver.ts (Node 22.6+),
// with WEBHOOK_SECRET set; then deliver a test event: crmkit-mock send-webhook onelink automation_event.appointment_created --url http://localhost:3000/webhooks/onelink
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { nodeHandler } from "crmkit/webhooks";
import { type ReceiverSettings, appointmentWebhooks, syncAppointment } from "./webhook-receiver.js";

/** Listens on `port` (0: a free one); resolves once listening, with the server and its base URL. */
export async function startNodeReceiver(settings: ReceiverSettings, port = 0): Promise<{ server: Server; url: string }> {
  // nodeHandler hands the handler a fetch Request whose body is the untouched stream, so signatures over the raw bytes verify.
  const server = createServer(nodeHandler(appointmentWebhooks(settings)));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await startNodeReceiver({ sharedSecret: process.env.WEBHOOK_SECRET ?? "", onEvent: syncAppointment }, Number(process.env.PORT ?? 3000));
  console.log(`receiving webhooks at ${url}/webhooks/<vendor>`);
}
