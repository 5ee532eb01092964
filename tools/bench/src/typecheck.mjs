// Item 4: what crmkit costs the type checker. The same consumer (fixtures/typecheck/calls.ts: 10 calls per vendor) is
// compiled with `tsc --extendedDiagnostics` against crmkit's vendor clients, against bare openapi-fetch clients over the
// same generated `paths`, and (full mode) through the crmkit facade. Consumer settings: strict, noUncheckedIndexedAccess,
// skipLibCheck (the usual for applications), NodeNext, no @types packages.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { benchDir, scratchDir } from "./paths.mjs";

const run = promisify(execFile);
const tsc = createRequire(join(benchDir, "package.json")).resolve("typescript/bin/tsc");
const fixtures = join(benchDir, "fixtures", "typecheck");
const cpuReport = join(benchDir, "src", "cpu-report.cjs");

export const variants = {
  crmkit: { label: "crmkit vendor clients", clients: "clients.crmkit.ts", calls: "calls.ts" },
  "openapi-fetch": { label: "bare openapi-fetch, same paths", clients: "clients.openapi-fetch.ts", calls: "calls.ts" },
  facade: { label: "crmkit facade (createCrmkit, 4 adapters)", clients: "clients.facade.ts", calls: "calls.ts" },
  "no-calls": { label: "crmkit vendor clients, no calls (reference: the fixed cost)", clients: "clients.crmkit.ts", calls: "no-calls.ts" },
};

export const compilerOptions = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

/** Parse `tsc --extendedDiagnostics` output. */
export function parseDiagnostics(text) {
  const number = (label) => {
    const m = text.match(new RegExp(`^${label}:\\s+([\\d.]+)([sK]?)\\s*$`, "m"));
    return m ? Number(m[1]) : undefined;
  };
  return {
    checkTimeS: number("Check time"),
    totalTimeS: number("Total time"),
    instantiations: number("Instantiations"),
    types: number("Types"),
    memoryMB: number("Memory used") === undefined ? undefined : number("Memory used") / 1024,
    cpuTimeS: number("CPU time"),
    files: number("Files"),
  };
}

async function compile(variant) {
  const dir = join(scratchDir, "typecheck", variant);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(fixtures, variants[variant].calls), join(dir, "calls.ts"));
  copyFileSync(join(fixtures, variants[variant].clients), join(dir, "clients.ts"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["calls.ts"] }, null, 2));
  try {
    const { stdout } = await run(process.execPath, ["--require", cpuReport, tsc, "-p", dir, "--extendedDiagnostics"], { cwd: dir, maxBuffer: 16 << 20 });
    return parseDiagnostics(stdout);
  } catch (error) {
    throw new Error(`tsc found errors in the ${variant} consumer (a contract or a client type changed?):\n${error.stdout ?? error.message}`);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Compiles each variant `runs` times. The headline check time is the best run (other work on the machine only ever adds
 * time); the median is kept too. Instantiations and types are deterministic.
 */
export async function runTypecheck({ runs, include = Object.keys(variants), log = () => {} }) {
  const results = [];
  for (const variant of include) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await compile(variant));
    const pick = (key) => median(samples.map((s) => s[key]));
    results.push({
      id: variant,
      label: variants[variant].label,
      runs,
      checkTimeS: Math.min(...samples.map((s) => s.checkTimeS)),
      checkTimeMedianS: pick("checkTimeS"),
      totalTimeS: pick("totalTimeS"),
      cpuTimeS: pick("cpuTimeS"),
      instantiations: pick("instantiations"),
      types: pick("types"),
      memoryMB: pick("memoryMB"),
      files: pick("files"),
    });
    log(`typecheck ${variant}: best check ${Math.min(...samples.map((s) => s.checkTimeS))} s, ${pick("instantiations")} instantiations`);
  }
  return { calls: 40, callsPerVendor: 10, compilerOptions, typescript: createRequire(join(benchDir, "package.json"))("typescript/package.json").version, variants: results };
}
