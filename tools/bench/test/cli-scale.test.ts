import { describe, expect, it } from "vitest";
import { CLI_MEMORY_TARGET_BYTES, cliScaleTargets } from "../src/cli-scale-report.mjs";

const scenario = (id: string, extra = {}) => ({ id, title: id, rows: 100_000, code: 0, wallS: 100, rowsPerS: 1000, maxRssBytes: 200 * 2 ** 20, cpuS: 50, warnings: 0, resultRows: 100_000, requests: 0, ...extra });

describe("item 6 targets", () => {
  it("met when the command stays under 300 MB, prints no warning and writes every row", () => {
    const [dry, run] = cliScaleTargets({ rows: 100_000, scenarios: [scenario("dry-run"), scenario("run")] }, "full");
    expect([dry!.met, run!.met]).toEqual([true, true]);
    expect(dry!.measured).toBe("200 MB, 0 warnings, 100,000 rows written");
  });

  it("missed, saying by how much, when memory goes over or a row or warning goes wrong", () => {
    const [over, warned] = cliScaleTargets(
      { rows: 100_000, scenarios: [scenario("dry-run", { maxRssBytes: CLI_MEMORY_TARGET_BYTES + 20 * 2 ** 20 }), scenario("run", { warnings: 3, resultRows: 99_000 })] },
      "full",
    );
    expect([over!.met, over!.miss]).toEqual([false, "20 MB over"]);
    expect([warned!.met, warned!.miss]).toEqual([false, "exit 0, 3 warnings, 99000 of 100000 rows written"]);
  });

  it("quick mode gives no memory verdict (small counts say nothing) but still fails a run that lost rows", () => {
    const [fine, lost] = cliScaleTargets({ rows: 2_000, scenarios: [scenario("dry-run", { rows: 2_000, resultRows: 2_000 }), scenario("run", { rows: 2_000, resultRows: 10 })] }, "quick");
    expect([fine!.met, lost!.met]).toEqual([null, false]);
  });
});
