// Item 1's section of BENCHMARKS.md (pure, like report.mjs): see overhead.mjs for what is measured.
import { int, ratio, table } from "./markdown.mjs";

export function overheadSection(o) {
  const lines = [
    "## 1. Per-request overhead",
    "",
    "The same HighLevel call made by each client through the **same stubbed `fetch`**: it builds the `Request` as fetch",
    "does, reads the request body as a transport would, and resolves on the next tick with a fresh `Response` carrying the",
    "contract's example body. axios uses its own `fetch` adapter with `env.fetch` set to that stub, so no client skips the",
    "mock. Every client checks the status and parses the JSON.",
    "",
    `crmkit runs its whole stack: auth, vendor headers, retry (2), rate limiter, 30 s per-attempt timeout, error mapping,`,
    `logging (off). The limiter is **idle, not disabled**: \`rateLimit: { limit: ${o.idleRateLimit.limit.toLocaleString("en-US").replaceAll(",", "_")}, windowMs: ${o.idleRateLimit.windowMs} }\` is never reached, so it`,
    "never waits, but every request still takes and returns a slot. The `rateLimit: false` row is for reference only.",
    "",
    `Harness: tinybench, ${o.rounds} round(s) × ${o.timeMs} ms per client per scenario (after ${o.warmupMs} ms warm-up), client order`,
    "alternating between rounds; ops/s pooled over the rounds; the range is the lowest and highest per-round ratio.",
  ];
  for (const s of Object.values(o.scenarios)) {
    lines.push(
      "",
      `### ${s.title}`,
      "",
      `\`${s.call}\``,
      "",
      table(
        ["client", "ops/s", "mean µs", "p99 µs", "× bare openapi-fetch", "per-round range"],
        s.contenders.map((c) => [
          c.target ? `**${c.name}**` : c.reference ? `${c.name} _(reference)_` : c.name,
          int(c.opsPerSec),
          c.meanUs.toFixed(1),
          c.p99Us.toFixed(1),
          c.target ? `**${ratio(c.ratioToOpenapiFetch)}**` : ratio(c.ratioToOpenapiFetch),
          `${c.roundRatioMin.toFixed(2)}–${c.roundRatioMax.toFixed(2)}`,
        ]),
      ),
    );
  }
  return lines.join("\n");
}
