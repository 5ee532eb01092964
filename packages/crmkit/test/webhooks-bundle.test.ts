// crmkit/webhooks names every built-in vendor's receiver, but the handler imports none: a bundle holds the receivers
// an application configures, and no other vendor's code.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const packagesDir = resolve(packageDir, "..");

async function packagesIn(source: string): Promise<Set<string>> {
  const result = await build({
    absWorkingDir: packageDir,
    stdin: { contents: source, resolveDir: packageDir, loader: "js" },
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: "esm",
    platform: "node",
    outfile: "out.js",
    logLevel: "silent",
  });
  const [output] = Object.values(result.metafile.outputs);
  const contributing = Object.entries(output!.inputs)
    .filter(([path, input]) => input.bytesInOutput > 0 && !path.startsWith("<"))
    .map(([path]) => resolve(packageDir, path));
  return new Set(contributing.filter((p) => p.startsWith(packagesDir + "/")).map((p) => p.slice(packagesDir.length + 1).split("/")[0]!));
}

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
