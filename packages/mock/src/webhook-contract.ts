// The webhooks of a shipped vendor contract: event names and each event's first payload example.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { type Vendor, specPath, vendors } from "./index.js";

interface WebhookContract {
  events: string[];
  examples: Map<string, unknown>;
}

const contracts = new Map<Vendor, WebhookContract>();

function resolveRef(spec: any, node: any): any {
  while (node?.$ref) node = String(node.$ref).slice(2).split("/").reduce((o: any, k: string) => o?.[k.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  return node;
}

function load(vendor: Vendor): WebhookContract {
  const cached = contracts.get(vendor);
  if (cached) return cached;
  const spec = parse(readFileSync(specPath(vendor), "utf8"));
  const examples = new Map<string, unknown>();
  for (const [event, item] of Object.entries<any>(spec.webhooks ?? {})) {
    const media: any = Object.values(resolveRef(spec, item?.post?.requestBody)?.content ?? {})[0];
    const first = media?.example ?? resolveRef(spec, Object.values<any>(media?.examples ?? {})[0])?.value;
    examples.set(event, first);
  }
  const contract = { events: [...examples.keys()], examples };
  contracts.set(vendor, contract);
  return contract;
}

/** The events a vendor's contract lists under `webhooks` (none for a vendor without webhooks). */
export function webhookEvents(vendor: Vendor): string[] {
  if (!vendors.includes(vendor)) throw new TypeError(`unknown vendor "${String(vendor)}"; expected one of ${vendors.join(", ")}`);
  return [...load(vendor).events];
}

/** A fresh copy of the contract's first example payload for `event`. */
export function webhookExample(vendor: Vendor, event: string): unknown {
  const events = webhookEvents(vendor);
  if (!events.includes(event)) {
    throw new TypeError(
      events.length
        ? `${vendor} has no webhook event "${event}"; expected one of ${events.join(", ")}`
        : `the ${vendor} contract has no webhooks`,
    );
  }
  return structuredClone(load(vendor).examples.get(event));
}
