// The bench reads its vendors from the registry (the folders of specs/) and each vendor's facts from its package: a new
// vendor is measured, or skipped with a reason the report shows, without an edit here.
import { describe, expect, it } from "vitest";
import { vendorPackage, vendors } from "../../specs/vendors.mjs";
import { vendorBundles } from "../src/bundle-size.mjs";
import { renderMarkdown } from "../src/report.mjs";
import { throughputScenarios, vendorPlans } from "../src/throughput.mjs";

describe("bundle size", () => {
  it("bundles every registry vendor's client, and the facade adapter of each that declares one", () => {
    const { entries, skipped } = vendorBundles();
    // A vendor `pnpm new-vendor` just added has a client but no facade adapter yet.
    const withAdapter = vendors.filter((vendor) => vendorPackage(vendor)?.crmkit.adapter);
    expect(withAdapter).toEqual(expect.arrayContaining(["leadconnector", "leadsquared", "onelink", "pexip-engage"]));
    expect(skipped).toEqual(
      vendors.filter((v) => !withAdapter.includes(v)).map((vendor) => ({ vendor, reason: `packages/${vendor}/package.json declares no crmkit.adapter (no facade bundle)` })),
    );
    expect(entries.filter((e) => e.group === "vendor").map((e) => e.vendor)).toEqual([...vendors]);
    expect(entries.filter((e) => e.group === "facade").map((e) => e.vendor)).toEqual(withAdapter);
    const onelink = entries.find((e) => e.id === "onelink");
    expect(onelink?.source).toBe(`import { createOneLinkClient } from "@crmkit/onelink"; export const client = createOneLinkClient({"apiAccessToken":"t"});`);
  });

  it("skips, with the reason, a vendor that declares no client, and bundles no facade for one without an adapter", () => {
    const declared: Record<string, object> = { bare: {}, lone: { client: "createLoneClient", sampleOptions: { token: "t" } } };
    const { entries, skipped } = vendorBundles(["bare", "lone"], (vendor: string) => declared[vendor]);
    expect(entries.map((e) => e.id)).toEqual(["lone"]);
    expect(skipped).toEqual([
      { vendor: "bare", reason: "packages/bare/package.json declares no crmkit.client" },
      { vendor: "lone", reason: "packages/lone/package.json declares no crmkit.adapter (no facade bundle)" },
    ]);
  });
});

describe("throughput", () => {
  it("measures the registry's vendors that have a scenario and reports the others", () => {
    const { measured, skipped } = throughputScenarios();
    expect([...measured, ...skipped.map((s) => s.vendor)].sort()).toEqual([...vendors]);
    expect(measured).toEqual(vendors.filter((v) => v in vendorPlans));
    expect(throughputScenarios(["newcomer"]).skipped).toEqual([{ vendor: "newcomer", reason: "no throughput plan in tools/bench/src/throughput.mjs" }]);
  });

  it("says in the report which vendors it did not measure, and why", () => {
    const md = renderMarkdown({
      schema: 1,
      mode: "quick",
      only: ["throughput"],
      startedAt: "2026-11-22T10:00:00.000Z",
      finishedAt: "2026-11-22T10:01:00.000Z",
      machine: { cpu: "Test CPU", cores: 2, memoryBytes: 2 ** 33, os: "Linux", node: "v20", loadAverageStart: 0.1, loadAverageEnd: 0.1 },
      versions: { tools: {}, crmkit: {} },
      git: { commit: "abc1234", dirty: false },
      throughput: { items: 100, mode: "quick", vendors: [], skipped: [{ vendor: "newcomer", reason: "no throughput plan" }] },
      targets: [],
    });
    expect(md).toContain("Not measured: newcomer (no throughput plan).");
  });
});
