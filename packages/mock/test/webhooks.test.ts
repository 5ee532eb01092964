// Webhook delivery: what the mock builds and sends, checked with node:crypto alone (the vendor packages' own tests
// check their receivers against it).
import { spawn, spawnSync } from "node:child_process";
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SendWebhookOptionsError, buildWebhook, sendWebhook, webhookEvents, webhookExample, webhookTestKeys } from "../src/webhooks.js";
import { dist, requireBuild } from "./helpers.js";

const url = "https://app.test/hooks";
const spki = (pem: string) => createPublicKey(createPrivateKey(pem)).export({ type: "spki", format: "pem" }).toString();

describe("test keys", () => {
  it("export public halves that match their private halves", () => {
    expect(spki(webhookTestKeys.rsa.privateKey)).toBe(webhookTestKeys.rsa.publicKey);
    expect(spki(webhookTestKeys.ed25519.privateKey)).toBe(webhookTestKeys.ed25519.publicKey);
  });
});

describe("buildWebhook", () => {
  it("signs HighLevel deliveries with both test keys over the exact body, with a fresh timestamp and webhookId", () => {
    const a = buildWebhook("leadconnector", "AppointmentCreate", { url });
    const b = buildWebhook("leadconnector", "AppointmentCreate", { url });
    const body = Buffer.from(a.body);
    expect(verify("sha256", body, webhookTestKeys.rsa.publicKey, Buffer.from(a.headers["x-wh-signature"]!, "base64"))).toBe(true);
    expect(verify(null, body, webhookTestKeys.ed25519.publicKey, Buffer.from(a.headers["x-ghl-signature"]!, "base64"))).toBe(true);
    const [first, second] = [JSON.parse(a.body), JSON.parse(b.body)];
    expect(first.webhookId).not.toBe(second.webhookId);
    expect(Math.abs(Date.parse(first.timestamp) - Date.now())).toBeLessThan(60_000);
    expect(first).toMatchObject({ ...(webhookExample("leadconnector", "AppointmentCreate") as object), timestamp: first.timestamp, webhookId: first.webhookId });
  });

  it("keeps what a payload of yours sets, fills what it lacks, and signs with the key you give", () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const built = buildWebhook("leadconnector", "OpportunityCreate", { url, payload: { type: "OpportunityCreate", webhookId: "mine" }, privateKey });
    expect(JSON.parse(built.body)).toMatchObject({ type: "OpportunityCreate", webhookId: "mine", timestamp: expect.any(String) });
    expect(Object.keys(built.headers)).not.toContain("x-wh-signature");
    expect(verify(null, Buffer.from(built.body), createPublicKey(privateKey), Buffer.from(built.headers["x-ghl-signature"]!, "base64"))).toBe(true);
  });

  it("sends the shared secret as LeadSquared's custom header, or in the query string where no header can be set", () => {
    const task = buildWebhook("leadsquared", "TaskCreate", { url });
    expect(task.headers).toMatchObject({ "x-crmkit-webhook-secret": webhookTestKeys.sharedSecret, "x-crmkit-event": "TaskCreate" });
    const status = new URL(buildWebhook("leadsquared", "BulkUpdateAppointmentTimeStatus", { url, secret: "s3cret-value" }).url);
    expect([status.searchParams.get("crmkit_webhook_secret"), status.searchParams.get("crmkit_event")]).toEqual(["s3cret-value", "BulkUpdateAppointmentTimeStatus"]);
    expect(new URL(buildWebhook("onelink", "automation_event.appointment_created", { url }).url).searchParams.get("crmkit_webhook_secret")).toBe(webhookTestKeys.sharedSecret);
  });

  it("refuses bad input before sending, quoting no key", () => {
    expect(() => buildWebhook("leadconnector", "ContactCreate", { url })).toThrow(/no webhook event "ContactCreate"; expected one of AppointmentCreate/);
    expect(() => buildWebhook("pexip-engage", "AppointmentCreated", { url })).toThrow(/the pexip-engage contract has no webhooks/);
    expect(() => buildWebhook("leadconnector", "AppointmentCreate", { url: "/relative" })).toThrow(SendWebhookOptionsError);
    expect(() => buildWebhook("onelink", "automation_event.appointment_created", { url, privateKey: webhookTestKeys.rsa.privateKey })).toThrow(/privateKey is for HighLevel/);
    const notAKey = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LW1hdGVyaWFs\n-----END PRIVATE KEY-----";
    try {
      buildWebhook("leadconnector", "AppointmentCreate", { url, privateKey: notAKey });
      expect.unreachable();
    } catch (error) {
      expect((error as SendWebhookOptionsError).field).toBe("privateKey");
      expect((error as Error).message).not.toContain("c2VjcmV0");
    }
  });

  it("knows each contract's events", () => {
    expect(webhookEvents("leadconnector")).toContain("AppointmentUpdate");
    expect(webhookEvents("pexip-engage")).toEqual([]);
  });
});

describe("sendWebhook and crmkit-mock send-webhook", () => {
  const received: { url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  let hook: string;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ url: req.url!, headers: req.headers, body });
      const signed = verify(null, Buffer.from(body), webhookTestKeys.ed25519.publicKey, Buffer.from(String(req.headers["x-ghl-signature"]), "base64"));
      res.statusCode = signed ? 204 : 401;
      res.end();
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/highlevel`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("posts what buildWebhook describes and reports the receiver's answer", async () => {
    const sent = await sendWebhook("leadconnector", "OpportunityDelete", { url: hook });
    expect(sent.status).toBe(204);
    expect(received.at(-1)).toMatchObject({ url: "/hooks/highlevel", body: sent.body });
    const forged = await sendWebhook("leadconnector", "OpportunityDelete", { url: hook, headers: { "x-ghl-signature": "AAAA" } });
    expect(forged.status).toBe(401);
  });

  it("works from the CLI: exit 0 on a 2xx answer, 2 on bad input", { timeout: 30_000 }, async () => {
    requireBuild();
    const child = spawn(process.execPath, [`${dist}cli.js`, "send-webhook", "leadconnector", "AppointmentUpdate", "--url", hook], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect([code, stdout.trim()]).toEqual([0, "leadconnector AppointmentUpdate → 204"]);
    expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ type: "AppointmentUpdate" });

    const bad = spawnSync(process.execPath, [`${dist}cli.js`, "send-webhook", "leadconnector", "Nope", "--url", hook], { encoding: "utf8" });
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/unknown leadconnector event: Nope; expected one of AppointmentCreate/)]);
    const usage = spawnSync(process.execPath, [`${dist}cli.js`, "send-webhook", "--help"], { encoding: "utf8" });
    expect(usage.stdout).toMatch(/^usage: crmkit-mock send-webhook <vendor> <event> --url URL/);
  });
});
