// Item 1: per-request overhead. Every contender makes the same HighLevel call through the same stubbed fetch; the
// figures are the client's own cost per request (building the request, headers, body, parsing the JSON answer).
import { createLeadConnectorClient } from "@crmkit/leadconnector";
import axios from "axios";
import createClient from "openapi-fetch";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Bench } from "tinybench";
import { responseExample } from "./spec-examples.mjs";
import { createStubFetch } from "./stub-fetch.mjs";

export const BASE_URL = "https://services.leadconnectorhq.com";
const TOKEN = "bench-token";
const VERSION = "2021-04-15"; // HighLevel's Version header for calendar calls (crmkit adds it from the contract)
const EVENT_ID = "ocQHyuzHvysMo5N5VsXc_1729821600000_1800";
const MOVE = { startTime: "2026-03-08T15:00:00+05:30", endTime: "2026-03-08T15:45:00+05:30" };
const PATH = "/calendars/events/appointments/{eventId}";
const url = `${BASE_URL}/calendars/events/appointments/${encodeURIComponent(EVENT_ID)}`;

/**
 * crmkit's limiter stays in the stack but never waits: a million requests per 10 ms cannot be reached. The window is
 * short on purpose: the limiter keeps a log of the slots taken in the last window, and with a 10 ms window that log holds
 * a few hundred entries at these request rates, about what it holds under HighLevel's real limit (100 per 10 s).
 */
export const IDLE_RATE_LIMIT = { limit: 1_000_000, windowMs: 10 };

export const scenarios = {
  get: {
    title: "GET one appointment",
    call: "GET /calendars/events/appointments/{eventId}",
    answer: () => JSON.stringify(responseExample("leadconnector", "get-appointment")),
  },
  put: {
    title: "PUT new appointment times (JSON body)",
    call: "PUT /calendars/events/appointments/{eventId} with { startTime, endTime }",
    answer: () => JSON.stringify(responseExample("leadconnector", "edit-appointment")),
  },
};

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc");

const fail = (who, status) => {
  throw new Error(`${who}: HTTP ${status}`);
};

/**
 * The contenders, each with `get()` and `put()` resolving to the parsed answer. Each throws on an error status, as an
 * application would check.
 */
export function createContenders(fetchStub) {
  const headers = { Authorization: `Bearer ${TOKEN}`, Version: VERSION };
  const bare = createClient({ baseUrl: BASE_URL, fetch: fetchStub, headers });
  // A token per client: crmkit shares one limiter per credentials, and these clients must not share theirs.
  const crmkit = createLeadConnectorClient({ token: `${TOKEN}-full`, fetch: fetchStub, rateLimit: IDLE_RATE_LIMIT });
  const crmkitNoLimiter = createLeadConnectorClient({ token: `${TOKEN}-nolimit`, fetch: fetchStub, rateLimit: false });
  const instance = axios.create({ baseURL: BASE_URL, adapter: "fetch", env: { fetch: fetchStub }, headers });
  const relative = `/calendars/events/appointments/${encodeURIComponent(EVENT_ID)}`;
  const viaOpenapiFetch = (client, who) => ({
    get: async () => {
      const { data, error, response } = await client.GET(PATH, { params: { path: { eventId: EVENT_ID } } });
      return error === undefined ? data : fail(who, response.status);
    },
    put: async () => {
      const { data, error, response } = await client.PUT(PATH, { params: { path: { eventId: EVENT_ID } }, body: MOVE });
      return error === undefined ? data : fail(who, response.status);
    },
  });
  return [
    {
      id: "fetch",
      name: "raw fetch",
      note: "hand-written: URL, headers, JSON.stringify, res.ok check, res.json()",
      get: async () => {
        const res = await fetchStub(url, { headers });
        return res.ok ? res.json() : fail("fetch", res.status);
      },
      put: async () => {
        const res = await fetchStub(url, { method: "PUT", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(MOVE) });
        return res.ok ? res.json() : fail("fetch", res.status);
      },
    },
    { id: "openapi-fetch", name: "openapi-fetch (bare)", note: "createClient<paths>, the Version header passed by hand", ...viaOpenapiFetch(bare, "openapi-fetch") },
    {
      id: "crmkit",
      name: "crmkit full stack",
      note: "createLeadConnectorClient: auth, vendor headers, retry (2), idle rate limiter, 30 s timeout, error mapping, logging (off)",
      target: true,
      ...viaOpenapiFetch(crmkit, "crmkit"),
    },
    {
      id: "crmkit-no-limiter",
      name: "crmkit, rateLimit: false",
      note: "reference only: the same stack without the limiter step, to show its share",
      reference: true,
      ...viaOpenapiFetch(crmkitNoLimiter, "crmkit-no-limiter"),
    },
    {
      id: "axios",
      name: "axios (fetch adapter)",
      note: "axios.create with adapter: 'fetch' and env.fetch = the same stub",
      get: async () => (await instance.get(relative)).data,
      put: async () => (await instance.put(relative, MOVE)).data,
    },
  ];
}

/**
 * Runs every scenario in `rounds` rounds; each round runs every contender for `timeMs`, in alternating order, so a
 * busy neighbour or a GC pause hits all contenders alike. Ops/s are pooled over the rounds (runs / total time); the
 * ratio to bare openapi-fetch is also taken within each round, and its spread is reported.
 */
export async function runOverhead({ rounds, timeMs, warmupMs, log = () => {} }) {
  const results = {};
  for (const [scenarioId, scenario] of Object.entries(scenarios)) {
    const fetchStub = createStubFetch({ body: scenario.answer() });
    const contenders = createContenders(fetchStub);
    const pooled = new Map(contenders.map((c) => [c.id, { runs: 0, ms: 0, p99: [], perRound: [] }]));
    for (let round = 0; round < rounds; round++) {
      const bench = new Bench({ time: timeMs, warmup: true, warmupTime: warmupMs, throws: true });
      const order = round % 2 ? [...contenders].reverse() : contenders;
      // Each contender starts on a collected heap: the garbage one leaves behind is not collected on the next one's time.
      for (const c of order) bench.add(c.id, c[scenarioId], { beforeAll: collectGarbage });
      await bench.run();
      for (const task of bench.tasks) {
        const r = task.result;
        if (r.state !== "completed") throw new Error(`${scenarioId} ${task.name}: ${r.state} ${r.error?.message ?? ""}`);
        const p = pooled.get(task.name);
        p.runs += r.latency.samplesCount;
        p.ms += r.totalTime;
        p.p99.push(r.latency.p99);
        p.perRound.push(r.latency.samplesCount / (r.totalTime / 1000));
      }
      log(`overhead ${scenarioId}: round ${round + 1}/${rounds} done`);
    }
    const base = pooled.get("openapi-fetch");
    const baseHz = (base.runs / base.ms) * 1000;
    results[scenarioId] = {
      title: scenario.title,
      call: scenario.call,
      contenders: contenders.map((c) => {
        const p = pooled.get(c.id);
        const hz = (p.runs / p.ms) * 1000;
        const roundRatios = p.perRound.map((value, i) => value / base.perRound[i]);
        return {
          id: c.id,
          name: c.name,
          note: c.note,
          target: Boolean(c.target),
          reference: Boolean(c.reference),
          opsPerSec: hz,
          meanUs: 1000 / hz * 1000,
          p99Us: Math.max(...p.p99) * 1000,
          samples: p.runs,
          ratioToOpenapiFetch: hz / baseHz,
          roundRatioMin: Math.min(...roundRatios),
          roundRatioMax: Math.max(...roundRatios),
        };
      }),
    };
  }
  return { rounds, timeMs, warmupMs, idleRateLimit: IDLE_RATE_LIMIT, scenarios: results };
}
