// The overhead benchmark is only fair if every contender does the same work: the same HTTP request reaches the same
// stub, and the same answer comes back parsed.
import { describe, expect, it } from "vitest";
import { createContenders, scenarios } from "../src/overhead.mjs";
import { responseExample } from "../src/spec-examples.mjs";
import { type SentRequest, createStubFetch } from "../src/stub-fetch.mjs";

const record = (body: string) => {
  const sent: SentRequest[] = [];
  return { sent, fetchStub: createStubFetch({ body, onRequest: (r: SentRequest) => sent.push(r) }) };
};
const wire = (r: SentRequest) => ({
  method: r.method,
  url: r.url,
  authorization: r.headers.get("authorization"),
  version: r.headers.get("version"),
  contentType: r.method === "GET" ? null : r.headers.get("content-type")?.split(";")[0],
  body: r.body === null ? null : JSON.parse(r.body),
});

describe.each(["get", "put"] as const)("every contender, %s", (scenario) => {
  it("sends the same request and resolves to the contract's example", async () => {
    const answer = scenarios[scenario].answer();
    const { sent, fetchStub } = record(answer);
    const contenders = createContenders(fetchStub);
    expect(contenders.map((c) => c.id)).toEqual(["fetch", "openapi-fetch", "crmkit", "crmkit-no-limiter", "axios"]);
    for (const c of contenders) expect(await c[scenario](), c.name).toEqual(JSON.parse(answer));
    expect(sent).toHaveLength(contenders.length);
    const [first, ...rest] = sent.map(wire);
    expect(first).toMatchObject({
      method: scenario.toUpperCase(),
      url: "https://services.leadconnectorhq.com/calendars/events/appointments/ocQHyuzHvysMo5N5VsXc_1729821600000_1800",
      authorization: expect.stringMatching(/^Bearer bench-token/),
      version: "2021-04-15",
    });
    if (scenario === "put") expect(first).toMatchObject({ contentType: "application/json", body: { startTime: expect.any(String), endTime: expect.any(String) } });
    // crmkit's clients carry their own token (one limiter per credentials); everything else on the wire is identical.
    for (const r of rest) expect({ ...r, authorization: r.authorization?.replace(/^(Bearer bench-token)-.+$/, "$1") }).toEqual({ ...first, authorization: "Bearer bench-token" });
  });

  it("fails loudly instead of timing an error path", async () => {
    const fetchStub = createStubFetch({ status: 401, body: JSON.stringify({ statusCode: 401, message: "Invalid token", error: "Unauthorized" }) });
    for (const c of createContenders(fetchStub)) await expect(c[scenario](), c.name).rejects.toThrow();
  });
});

it("answers come from the contract's examples", () => {
  expect(JSON.parse(scenarios.get.answer())).toEqual(responseExample("leadconnector", "get-appointment"));
  expect(responseExample("leadsquared", "bulkUpdateAppointmentTime", "accepted")).toMatchObject({ Status: "Success", Message: { IsSuccessful: true } });
  expect(() => responseExample("leadconnector", "no-such-operation")).toThrow(/no operation no-such-operation/);
});
