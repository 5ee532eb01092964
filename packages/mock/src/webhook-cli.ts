// crmkit-mock send-webhook <vendor> <event> --url URL [--payload FILE] [--private-key FILE] [--secret S]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type Vendor, vendors } from "./index.js";
import { sendWebhook } from "./webhooks.js";
import { webhookEvents } from "./webhook-contract.js";

export const sendWebhookUsage = `usage: crmkit-mock send-webhook <vendor> <event> --url URL [--payload FILE] [--private-key FILE] [--secret S]
Posts the contract's example for <event> (or the JSON in FILE) to URL, signed with the test keys (HighLevel) or
carrying the test shared secret (LeadSquared, One-Link). Prints the receiver's status; exits 0 on a 2xx answer.
--payload FILE      JSON body to send instead of the example
--private-key FILE  HighLevel: sign with this PEM private key instead of the test keys
--secret S          LeadSquared, One-Link: shared secret to send instead of the test secret`;

/** Runs the subcommand; resolves with the process exit code. */
export async function runSendWebhook(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      payload: { type: "string" },
      "private-key": { type: "string" },
      secret: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return console.log(sendWebhookUsage), 0;
  const [vendor, event] = positionals as [Vendor | undefined, string | undefined];
  if (!vendor || !event || !values.url || positionals.length > 2) return console.error(sendWebhookUsage), 2;
  if (!vendors.includes(vendor)) return console.error(`unknown vendor: ${vendor}\n${sendWebhookUsage}`), 2;
  const events = webhookEvents(vendor);
  if (!events.includes(event)) {
    console.error(events.length ? `unknown ${vendor} event: ${event}; expected one of ${events.join(", ")}` : `the ${vendor} contract has no webhooks`);
    return 2;
  }
  const result = await sendWebhook(vendor, event, {
    url: values.url,
    ...(values.payload !== undefined ? { payload: JSON.parse(readFileSync(values.payload, "utf8")) } : {}),
    ...(values["private-key"] !== undefined ? { privateKey: readFileSync(values["private-key"], "utf8") } : {}),
    ...(values.secret !== undefined ? { secret: values.secret } : {}),
  });
  console.log(`${vendor} ${event} → ${result.status}${result.responseBody ? ` ${result.responseBody.slice(0, 200)}` : ""}`);
  return result.status >= 200 && result.status < 300 ? 0 : 1;
}
