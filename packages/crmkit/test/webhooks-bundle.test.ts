// crmkit/webhooks names every built-in vendor's receiver, but the handler imports none: a bundle holds the receivers
// an application configures, and no other vendor's code.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundle, packageDir } from "./bundle-helpers.js";

const packagesIn = async (source: string) => (await bundle(source, "node")).packages;

beforeAll(() => {
  if (!existsSync(join(packageDir, "dist/webhooks.js"))) throw new Error("packages/crmkit is not built: run `pnpm build` first");
});

describe("a webhook receiver bundle", () => {
  it.each([
    ["leadconnector", "leadConnectorWebhooks()"],
    ["leadsquared", `leadSquaredWebhooks({ secret: "s" })`],
    ["onelink", `oneLinkWebhooks({ secret: "s" })`],
  ])("with only %s configured holds no other vendor's package", async (vendor, make) => {
    const factory = make.slice(0, make.indexOf("("));
    const packages = await packagesIn(
      `import { createWebhookHandler, nodeHandler, ${factory} } from "crmkit/webhooks";
       export const handler = nodeHandler(createWebhookHandler({ ${vendor}: ${make}, onEvent: () => {} }));`,
    );
    expect(packages).toContain(vendor);
    expect(packages).toContain("core");
    for (const other of ["leadconnector", "leadsquared", "onelink", "pexip-engage", "mock"].filter((p) => p !== vendor)) expect(packages).not.toContain(other);
  });
});
