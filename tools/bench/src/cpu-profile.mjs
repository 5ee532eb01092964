// Item 7: where a call's time goes. The overhead item's HighLevel calls, bare openapi-fetch and the crmkit stack, each run
// under V8's sampling profiler (node:inspector, in this process); every sample's self time goes to a bucket: a source file
// of @crmkit/core (its dist keeps tsup's `// src/<file>.ts` markers), openapi-fetch, undici's Request/Response/Headers,
// web streams, AbortSignal bookkeeping, JSON, promise jobs, GC, the harness. µs per call = bucket time / calls.
// cpu-profile-report.mjs turns the figures into section 7 of BENCHMARKS.md.
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createContenders, scenarios } from "./overhead.mjs";
import { createStubFetch } from "./stub-fetch.mjs";

const PROFILED = ["openapi-fetch", "crmkit"];
const SAMPLING_INTERVAL_US = 100;
const ROUNDS = 6;

/** Line → "core: <file>" from the `// src/<file>.ts` markers tsup leaves in the bundled dist. */
export function coreSections(file) {
  const starts = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      const marker = /^\/\/ src\/(.+)\.ts$/.exec(line);
      if (marker) starts.push([index, `core: ${marker[1]}`]);
    });
  return (line) => {
    let name = "core";
    for (const [start, section] of starts) if (start <= line) name = section;
    return name;
  };
}

const BUCKETS = [
  [/openapi-fetch/, "openapi-fetch"],
  [/packages\/(?!core)[^/]+\/dist/, "vendor package"],
  [/js_transferable|abort_controller|JSTransferable/, "AbortSignal (every Request gets one)"],
  [/webstreams|streams\/utils/, "web streams (bodies)"],
  [/undici/, "undici: Request, Response, Headers"],
  [/\(native parse\)|encoding|decodeUTF8|encodeUtf8/, "JSON and text decoding"],
  [/runMicrotasks|task_queues|enqueueMicrotask/, "promise jobs"],
  [/garbage collector/, "garbage collector"],
  [/tools\/bench|tinybench/, "bench harness and stub fetch"],
];

export function bucketTimes(profile, sectionOf, coreFile) {
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const buckets = new Map();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id);
    if (!us) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const where = url ? url : `(native ${functionName})`;
    let bucket = url && fileURLToPath(url.startsWith("file:") ? url : "file:///x") === coreFile ? sectionOf(lineNumber) : undefined;
    bucket ??= BUCKETS.find(([pattern]) => pattern.test(where))?.[1];
    if (!bucket && /\(native \((idle|program|root)\)\)/.test(where)) continue;
    bucket ??= "other";
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
  }
  return buckets;
}

/** @param {{ calls: number, log?: (message: string) => void }} options */
export async function runCpuProfile({ calls, log = () => {} }) {
  const require = createRequire(import.meta.url);
  const coreFile = require.resolve("@crmkit/core").replace(/index\.cjs$/, "index.js");
  const sectionOf = coreSections(coreFile);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
  const results = {};
  for (const [scenarioId, scenario] of Object.entries(scenarios)) {
    const contenders = createContenders(createStubFetch({ body: scenario.answer() })).filter((c) => PROFILED.includes(c.id));
    const totals = new Map(contenders.map((c) => [c.id, { wallUs: 0, buckets: new Map() }]));
    for (const contender of contenders) for (let i = 0; i < Math.min(calls, 5_000); i++) await contender[scenarioId]();
    // Rounds in alternating order, as in the overhead item: a busy neighbour slows both clients alike.
    const perRound = Math.ceil(calls / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const contender of round % 2 ? [...contenders].reverse() : contenders) {
        const run = contender[scenarioId];
        const total = totals.get(contender.id);
        await session.post("Profiler.start");
        const startedAt = performance.now();
        for (let i = 0; i < perRound; i++) await run();
        total.wallUs += (performance.now() - startedAt) * 1000;
        const { profile } = await session.post("Profiler.stop");
        for (const [bucket, us] of bucketTimes(profile, sectionOf, coreFile)) total.buckets.set(bucket, (total.buckets.get(bucket) ?? 0) + us);
      }
    }
    const count = perRound * ROUNDS;
    results[scenarioId] = { title: scenario.title, contenders: {} };
    for (const [id, total] of totals) {
      const selfUsPerCall = Object.fromEntries([...total.buckets].map(([bucket, us]) => [bucket, us / count]));
      results[scenarioId].contenders[id] = { calls: count, wallUsPerCall: total.wallUs / count, selfUsPerCall };
      log(`profile ${scenarioId} ${id}: ${(total.wallUs / count).toFixed(1)} µs per call`);
    }
  }
  session.disconnect();
  return { calls, rounds: ROUNDS, samplingIntervalUs: SAMPLING_INTERVAL_US, scenarios: results };
}
