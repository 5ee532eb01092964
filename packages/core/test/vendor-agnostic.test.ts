// Core knows no vendor: what is vendor-specific travels in the VendorDefinition each vendor package hands to core.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

const src = join(import.meta.dirname, "..", "src");
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
// Vendor names and the vendor-specific words that would betray one (their brands, hosts and header prefixes).
const VENDOR_WORDS = /leadconnector|lead connector|highlevel|leadsquared|lead squared|\blsq\b|x-lsq|one-?link|pexip/i;

it("packages/core/src names no vendor", () => {
  const hits = files(src).flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, i) => (VENDOR_WORDS.test(line) ? [`${relative(src, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(hits).toEqual([]);
});

it("the check finds a vendor name where there is one", () => {
  for (const line of ['vendor: "leadsquared"', "x-LSQ-AccessKey", "HighLevel's Version", "One-Link", "onelink", "Pexip Engage"])
    expect(VENDOR_WORDS.test(line), line).toBe(true);
  expect(VENDOR_WORDS.test("vendor: definition.vendor")).toBe(false);
});
