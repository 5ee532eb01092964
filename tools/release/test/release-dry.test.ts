import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatDryRelease, newChangelogText, releaseDry } from "../src/release-dry.mjs";

const monorepoRoot = fileURLToPath(new URL("../../../", import.meta.url));
let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "crmkit-release-dry-test-"));
  // The changelog generator resolves from the workspace's node_modules, as in the real repository.
  symlinkSync(join(monorepoRoot, "node_modules"), join(root, "node_modules"), "dir");
  write("package.json", JSON.stringify({ name: "fixture", private: true }));
  write("pnpm-workspace.yaml", "packages:\n  - packages/*\n  - tools/*\n");
  write(".changeset/config.json", JSON.stringify({ changelog: "@changesets/cli/changelog", commit: false, access: "public", baseBranch: "main", updateInternalDependencies: "patch", privatePackages: { version: false, tag: false } }));
  write("packages/acme/package.json", JSON.stringify({ name: "@fixture/acme", version: "1.4.2" }));
  write("packages/acme/CHANGELOG.md", "# @fixture/acme\n\n## 1.4.2\n\n### Patch Changes\n\n- abc1234: Older fix.\n");
  write("packages/facade/package.json", JSON.stringify({ name: "crmkit", version: "0.3.0", dependencies: { "@fixture/acme": "workspace:^" } }));
  write("packages/other/package.json", JSON.stringify({ name: "@fixture/other", version: "2.0.0" }));
  write("tools/internal/package.json", JSON.stringify({ name: "@fixture/internal", version: "0.0.0", private: true }));
  write(".changeset/breaking.md", '---\n"@fixture/acme": major\n"crmkit": major\n---\n\nBREAKING: removed DELETE /contacts/{contactId} (deleteContact).\n');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("release:dry", () => {
  it("shows the versions `changeset version` would produce, without touching the workspace", async () => {
    const result = await releaseDry(root);
    expect(result.bumps).toEqual([
      { name: "@fixture/acme", from: "1.4.2", to: "2.0.0" },
      { name: "crmkit", from: "0.3.0", to: "1.0.0" },
    ]);
    expect(JSON.parse(readFileSync(join(root, "packages/acme/package.json"), "utf8")).version).toBe("1.4.2");
    expect(readdirSync(join(root, ".changeset")).sort()).toEqual(["breaking.md", "config.json"]);
  });

  it("shows the new CHANGELOG entries, naming the spec operations from the changeset", async () => {
    const result = await releaseDry(root);
    const acme = result.changelogs.find((c) => c.name === "@fixture/acme")?.entry ?? "";
    expect(acme).toMatch(/^## 2\.0\.0\n\n### Major Changes\n\n- [0-9a-f]{7}: BREAKING: removed DELETE \/contacts\/\{contactId\} \(deleteContact\)\./);
    expect(acme).not.toContain("Older fix");
    const facade = result.changelogs.find((c) => c.name === "crmkit")?.entry ?? "";
    expect(facade).toContain("deleteContact");
    expect(formatDryRelease(result)).toContain("@fixture/acme  1.4.2 → 2.0.0");
  });

  it("says so when no changeset is pending", async () => {
    rmSync(join(root, ".changeset/breaking.md"));
    const result = await releaseDry(root);
    expect(result.bumps).toEqual([]);
    expect(formatDryRelease(result)).toMatch(/nothing would be released/);
  });
});

describe("newChangelogText", () => {
  it("is everything `changeset version` put above the old entries, without the title", () => {
    const old = "# pkg\n\n## 1.0.0\n\n- first\n";
    const now = "# pkg\n\n## 1.1.0\n\n- second\n\n## 1.0.0\n\n- first\n";
    expect(newChangelogText(old, now)).toBe("## 1.1.0\n\n- second");
    expect(newChangelogText("", "# pkg\n\n## 0.1.0\n")).toBe("## 0.1.0");
  });
});
