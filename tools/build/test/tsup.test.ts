import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { entriesFromExports, libraryConfig } from "../tsup.js";

const entry = { import: { types: "./dist/x.d.ts", default: "./dist/x.js" }, require: { types: "./dist/x.d.cts", default: "./dist/x.cjs" } };

describe("entriesFromExports", () => {
  let dir: string;
  const write = (exports: Record<string, unknown> | undefined, sources: string[]) => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "@crmkit/example", exports }));
    mkdirSync(join(dir, "src"), { recursive: true });
    for (const source of sources) writeFileSync(join(dir, "src", source), "export const x = 1;\n");
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "crmkit-tsup-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("builds one entry per subpath: '.' from src/index.ts, './x' from src/x.ts; package.json is no entry", () => {
    write({ ".": entry, "./scheduling": entry, "./package.json": "./package.json" }, ["index.ts", "scheduling.ts"]);
    expect(entriesFromExports(dir)).toEqual({ index: "src/index.ts", scheduling: "src/scheduling.ts" });
  });

  it("builds src/index.ts for a package without exports", () => {
    write(undefined, ["index.ts"]);
    expect(entriesFromExports(dir)).toEqual({ index: "src/index.ts" });
  });

  it("names the subpath whose source file is missing", () => {
    write({ ".": entry, "./scheduling": entry }, ["index.ts"]);
    expect(() => entriesFromExports(dir)).toThrow('@crmkit/example: package.json exports "./scheduling", but src/scheduling.ts does not exist');
  });

  it("refuses a subpath pattern, which names no single entry", () => {
    write({ "./*": entry }, ["index.ts"]);
    expect(() => entriesFromExports(dir)).toThrow('exports "./*" is a pattern');
  });
});

describe("libraryConfig", () => {
  it("builds ESM, CJS and types, with per-package overrides on top", () => {
    const core = fileURLToPath(new URL("../../../packages/core/", import.meta.url));
    expect(libraryConfig({}, core)).toMatchObject({ entry: { index: "src/index.ts" }, format: ["esm", "cjs"], dts: true, target: "es2022", splitting: false, minifySyntax: true });
    expect(libraryConfig({ shims: true }, core)).toMatchObject({ shims: true, treeshake: true, clean: true });
  });
});
