// Item 2: what an application ships. Each entry is bundled from the built packages, through their `exports`, as an
// application's bundler would: esbuild, ESM, minified, browser platform, legal comments dropped; then gzip -9 and
// brotli -11 of the output. The metafile says which package each minified byte comes from.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { join } from "node:path";
import { repoRoot, vendorPackage, vendors } from "../../specs/vendors.mjs";
import { benchDir } from "./paths.mjs";

const baselines = [
  {
    id: "openapi-fetch",
    group: "baseline",
    label: "openapi-fetch alone",
    source: `import createClient from "openapi-fetch"; export const client = createClient({ baseUrl: "https://example.com" });`,
  },
  {
    id: "axios",
    group: "baseline",
    label: "axios alone (reference)",
    source: `import axios from "axios"; export const client = axios.create({ baseURL: "https://example.com" });`,
  },
  {
    id: "core",
    group: "baseline",
    label: "@crmkit/core, default path, no vendor (reference)",
    source: `import { bearerAuth, createVendorClient } from "@crmkit/core";
      export const client = createVendorClient({ vendor: "leadconnector", baseUrl: "https://example.com", operations: [], parseError: () => ({}) }, bearerAuth("t"));`,
  },
];

/**
 * One bundle per vendor package, then one of the facade with each vendor, from what each vendor package declares in
 * its package.json `crmkit` field (see tools/specs/vendors.d.mts). What a vendor does not declare (a client, or the
 * facade's adapter) is not bundled: `skipped` says so, for the run to report.
 */
export function vendorBundles(vendorList = vendors, declarationOf = (vendor) => vendorPackage(vendor)?.crmkit) {
  const clients = [];
  const facades = [];
  const skipped = [];
  for (const vendor of vendorList) {
    const { client, sampleOptions = {}, adapter } = declarationOf(vendor) ?? {};
    if (!client) {
      skipped.push({ vendor, reason: `packages/${vendor}/package.json declares no crmkit.client` });
      continue;
    }
    clients.push({
      id: vendor,
      group: "vendor",
      vendor,
      label: `@crmkit/${vendor}`,
      // Resolved from the package's own folder (Node's self-reference through `exports`), so a new vendor needs no
      // dependency added to the bench.
      resolveDir: join(repoRoot, "packages", vendor),
      source: `import { ${client} } from "@crmkit/${vendor}"; export const client = ${client}(${JSON.stringify(sampleOptions)});`,
    });
    if (!adapter) {
      skipped.push({ vendor, reason: `packages/${vendor}/package.json declares no crmkit.adapter (no facade bundle)` });
      continue;
    }
    const options = JSON.stringify(adapter.sampleOptions ?? sampleOptions);
    facades.push({
      id: `crmkit+${vendor}`,
      group: "facade",
      vendor,
      label: `crmkit facade + ${vendor}`,
      source: `import { createCrmkit } from "crmkit"; import { ${adapter.factory} } from "crmkit/${vendor}";
      export const crm = createCrmkit({ ${JSON.stringify(adapter.configKey)}: ${adapter.factory}(${options}) });`,
    });
  }
  return { entries: [...clients, ...facades], skipped };
}

/** Which package a bundled input file belongs to (paths are relative to tools/bench, symlinks resolved). */
export function packageOf(inputPath) {
  const path = inputPath.replaceAll("\\", "/");
  const workspace = path.match(/(?:^|\/)packages\/([^/]+)\//);
  if (workspace) return workspace[1] === "crmkit" ? "crmkit" : `@crmkit/${workspace[1]}`;
  const dependency = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/);
  return dependency ? dependency[1] : path;
}

export async function measureBundle(source, resolveDir = benchDir) {
  const result = await build({
    absWorkingDir: benchDir,
    stdin: { contents: source, resolveDir, loader: "js" },
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: "esm",
    platform: "browser",
    legalComments: "none",
    outfile: "out.js",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const [output] = Object.values(result.metafile.outputs);
  const byPackage = {};
  for (const [path, input] of Object.entries(output.inputs)) {
    if (input.bytesInOutput === 0 || path.startsWith("<")) continue;
    const name = packageOf(path);
    byPackage[name] = (byPackage[name] ?? 0) + input.bytesInOutput;
  }
  return {
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    }).byteLength,
    byPackage,
  };
}

export async function runBundleSize({ log = () => {} } = {}) {
  const { entries: vendorEntries, skipped } = vendorBundles();
  for (const { vendor, reason } of skipped) log(`bundle ${vendor}: skipped, ${reason}`);
  const entries = [...baselines, ...vendorEntries];
  const bundles = [];
  for (const entry of entries) {
    const size = await measureBundle(entry.source, entry.resolveDir);
    bundles.push({ id: entry.id, group: entry.group, vendor: entry.vendor, label: entry.label, ...size });
    log(`bundle ${entry.id}: ${size.gzip} B gzip`);
  }
  return { tool: "esbuild", settings: "bundle, minify, format esm, platform browser, legalComments none; gzip level 9, brotli quality 11", bundles, skipped };
}
