// Bundles source as an application would (through the built packages' `exports`) with esbuild, and reads the metafile
// for what ended up in the output.
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const packagesDir = resolve(packageDir, "..");

/** Bundle `source`; return the package folders that put bytes in the output (e.g. "leadsquared", "core", "crmkit"), and the code. */
export async function bundle(source: string, platform: "neutral" | "node" = "neutral") {
  const result = await build({
    absWorkingDir: packageDir,
    stdin: { contents: source, resolveDir: packageDir, loader: "js" },
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: "esm",
    platform,
    outfile: "out.js",
    logLevel: "silent",
  });
  const [output] = Object.values(result.metafile.outputs);
  const contributing = Object.entries(output!.inputs)
    .filter(([path, input]) => input.bytesInOutput > 0 && !path.startsWith("<"))
    .map(([path]) => resolve(packageDir, path));
  const packages = new Set(contributing.filter((p) => p.startsWith(packagesDir + "/")).map((p) => p.slice(packagesDir.length + 1).split("/")[0]!));
  return { packages, code: result.outputFiles[0]!.text };
}

