// Item 2: what an application ships. Each entry is bundled from the built packages, through their `exports`, as an
// application's bundler would: esbuild, ESM, minified, browser platform, legal comments dropped; then gzip -9 and
// brotli -11 of the output. The metafile says which package each minified byte comes from.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { benchDir } from "./paths.mjs";

const vendors = [
  { id: "leadconnector", factory: "createLeadConnectorClient", adapter: "leadConnectorAdapter", key: "leadconnector", options: `{ token: "t" }` },
  { id: "leadsquared", factory: "createLeadSquaredClient", adapter: "leadSquaredAdapter", key: "leadsquared", options: `{ accessKey: "a", secretKey: "s" }` },
  { id: "onelink", factory: "createOneLinkClient", adapter: "oneLinkAdapter", key: "onelink", options: `{ apiAccessToken: "t", accountId: 1 }` },
  { id: "pexip-engage", factory: "createPexipEngageClient", adapter: "pexipEngageAdapter", key: "pexipEngage", options: `{ token: "t", enterprise: "acme" }` },
];

/** Every bundle measured: the baselines first, then one per vendor package, then the facade with one vendor. */
export const bundleEntries = [
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
  ...vendors.map((v) => ({
    id: v.id,
    group: "vendor",
    vendor: v.id,
    label: `@crmkit/${v.id}`,
    source: `import { ${v.factory} } from "@crmkit/${v.id}"; export const client = ${v.factory}(${v.options.replace(", accountId: 1", "")});`,
  })),
  ...vendors.map((v) => ({
    id: `crmkit+${v.id}`,
    group: "facade",
    vendor: v.id,
    label: `crmkit facade + ${v.id}`,
    source: `import { createCrmkit } from "crmkit"; import { ${v.adapter} } from "crmkit/${v.id}";
      export const crm = createCrmkit({ ${v.key}: ${v.adapter}(${v.options}) });`,
  })),
];

/** Which package a bundled input file belongs to (paths are relative to tools/bench, symlinks resolved). */
export function packageOf(inputPath) {
  const path = inputPath.replaceAll("\\", "/");
  const workspace = path.match(/(?:^|\/)packages\/([^/]+)\//);
  if (workspace) return workspace[1] === "crmkit" ? "crmkit" : `@crmkit/${workspace[1]}`;
  const dependency = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/);
  return dependency ? dependency[1] : path;
}

export async function measureBundle(source) {
  const result = await build({
    absWorkingDir: benchDir,
    stdin: { contents: source, resolveDir: benchDir, loader: "js" },
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

export async function runBundleSize({ entries = bundleEntries, log = () => {} } = {}) {
  const bundles = [];
  for (const entry of entries) {
    const size = await measureBundle(entry.source);
    bundles.push({ id: entry.id, group: entry.group, vendor: entry.vendor, label: entry.label, ...size });
    log(`bundle ${entry.id}: ${size.gzip} B gzip`);
  }
  return { tool: "esbuild", settings: "bundle, minify, format esm, platform browser, legalComments none; gzip level 9, brotli quality 11", bundles };
}
