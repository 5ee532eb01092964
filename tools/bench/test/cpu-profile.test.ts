// Item 7 bills each profiler sample to a bucket: the wrong bucket would send a reader after the wrong code.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { cpuProfileSection } from "../src/cpu-profile-report.mjs";
import { bucketTimes, coreSections } from "../src/cpu-profile.mjs";

const dir = mkdtempSync(join(tmpdir(), "crmkit-profile-"));
const coreFile = join(dir, "index.js");
writeFileSync(coreFile, ["// src/errors.ts", "var a = 1;", "", "// src/steps/timeout.ts", "var timeoutStep = () => {};", "var x = 2;"].join("\n"));
const coreUrl = pathToFileURL(coreFile).href;

const frame = (url: string, functionName: string, lineNumber = 0) => ({ callFrame: { url, functionName, lineNumber } });
const profile = {
  nodes: [
    { id: 1, ...frame("", "(root)") },
    { id: 2, ...frame(coreUrl, "timeoutStep", 4) },
    { id: 3, ...frame(coreUrl, "createApiError", 1) },
    { id: 4, ...frame("file:///repo/node_modules/.pnpm/openapi-fetch@0.17.0/node_modules/openapi-fetch/dist/index.mjs", "coreFetch") },
    { id: 5, ...frame("node:internal/deps/undici/undici", "_Request") },
    { id: 6, ...frame("", "(garbage collector)") },
    { id: 7, ...frame("", "(idle)") },
  ],
  samples: [2, 2, 3, 4, 5, 6, 7, 1],
  timeDeltas: [10, 20, 5, 7, 11, 13, 1000, 1000],
};

describe("the CPU profile item", () => {
  it("bills core samples to their source file, the rest to their library, and leaves idle time out", () => {
    const buckets = bucketTimes(profile, coreSections(coreFile), coreFile);
    expect(Object.fromEntries(buckets)).toEqual({
      "core: steps/timeout": 30,
      "core: errors": 5,
      "openapi-fetch": 7,
      "undici: Request, Response, Headers": 11,
      "garbage collector": 13,
    });
  });

  it("reports µs per call for both clients and the difference, largest extra cost first", () => {
    const section = cpuProfileSection(
      {
        calls: 1000,
        rounds: 6,
        samplingIntervalUs: 100,
        scenarios: {
          get: {
            title: "GET one",
            contenders: {
              "openapi-fetch": { calls: 1000, wallUsPerCall: 100, selfUsPerCall: { "openapi-fetch": 20, undici: 30 } },
              crmkit: { calls: 1000, wallUsPerCall: 108, selfUsPerCall: { "openapi-fetch": 15, undici: 31, "core: client": 6 } },
            },
          },
        },
      },
    );
    const rows = section
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| where"))
      .map((l) => l.slice(2, -2));
    expect(rows).toEqual(["core: client | – | 6.0 | +6.0", "undici | 30.0 | 31.0 | +1.0", "openapi-fetch | 20.0 | 15.0 | −5.0", "**wall time per call** | **100.0** | **108.0** | **+8.0**"]);
  });
});
