// The release gate end to end, in a throwaway git repository shaped like this monorepo.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatReport, runGate } from "../src/gate.mjs";
import { resolveBase } from "../src/git.mjs";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const monorepoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const fixture = (name: string, side: "before" | "after") => readFileSync(join(fixtures, name, `${side}.yaml`), "utf8");

let repo: string;
let baseSha: string;

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const git = (...args: string[]) =>
  execFileSync("git", args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@localhost", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@localhost" },
  });
const manifest = (name: string, extra: object = {}) => JSON.stringify({ name, version: "1.0.0", ...extra }, null, 2);
const changeset = (id: string, releases: Record<string, string>, summary: string) =>
  write(`.changeset/${id}.md`, `---\n${Object.entries(releases).map(([n, l]) => `"${n}": ${l}`).join("\n")}\n---\n\n${summary}\n`);
const gate = (write = false) => runGate({ root: repo, baseSha, write });

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "crmkit-gate-test-"));
  write("package.json", manifest("fixture-monorepo", { private: true }));
  write("pnpm-workspace.yaml", "packages:\n  - packages/*\n");
  write(".changeset/config.json", JSON.stringify({ changelog: "@changesets/cli/changelog", commit: false, access: "public", baseBranch: "main" }));
  write("specs/acme/openapi.yaml", fixture("compatible/operation-added", "before"));
  write("packages/acme/package.json", manifest("@fixture/acme"));
  write("packages/acme/src/index.ts", "export const acme = 1;\n");
  write("packages/mock/package.json", manifest("@fixture/mock", { files: ["dist", "specs"] }));
  write("packages/crmkit/package.json", manifest("crmkit"));
  write("packages/internal/package.json", manifest("@fixture/internal", { private: true }));
  git("init", "--quiet", "--initial-branch=main");
  git("add", "-A");
  git("commit", "--quiet", "--no-gpg-sign", "-m", "base");
  baseSha = git("rev-parse", "HEAD").trim();
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("release gate", () => {
  it("passes when nothing changed since the base (CI on a clean clone of main)", async () => {
    const result = await gate();
    expect(result).toMatchObject({ specs: [], requirements: [], failures: [] });
  });

  it("fails a breaking spec edit without a major changeset, listing each breaking change with its location", async () => {
    write("specs/acme/openapi.yaml", fixture("breaking/response-enum-value-removed", "after"));
    const result = await gate();
    expect(result.specs.map((s) => [s.vendor, s.comparison.level])).toEqual([["acme", "major"]]);
    expect(result.failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^@fixture\/acme needs a major changeset; pending changesets declare nothing/),
        expect.stringMatching(/^crmkit needs a major changeset/),
        expect.stringMatching(/^@fixture\/mock needs a patch changeset/),
      ]),
    );
    const report = formatReport(result, "base");
    expect(report).toMatch(/✗ specs\/acme\/openapi\.yaml:\d+ {2}GET \/contacts\/\{contactId\} \(getContact\): removed enum value "archived"/);
    expect(report).toMatch(/✗ specs\/acme\/openapi\.yaml:\d+ {2}POST \/contacts \(createContact\): removed enum value "archived"/);
  });

  it("still fails a breaking edit when the changeset only declares minor", async () => {
    write("specs/acme/openapi.yaml", fixture("breaking/operation-removed", "after"));
    changeset("remove-delete", { "@fixture/acme": "minor", crmkit: "minor", "@fixture/mock": "patch" }, "Removed DELETE /contacts/{contactId} (deleteContact).");
    const { failures } = await gate();
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^@fixture\/acme needs a major changeset; pending changesets declare minor/);
    expect(failures[1]).toMatch(/^crmkit needs a major changeset; pending changesets declare minor/);
  });

  it("passes a breaking edit with major changesets for the vendor package and crmkit that name the operation", async () => {
    write("specs/acme/openapi.yaml", fixture("breaking/operation-removed", "after"));
    changeset("remove-delete", { "@fixture/acme": "major", crmkit: "major", "@fixture/mock": "patch" }, "BREAKING: removed deleteContact.");
    expect((await gate()).failures).toEqual([]);
  });

  it("passes a compatible edit with a minor changeset", async () => {
    write("specs/acme/openapi.yaml", fixture("compatible/operation-added", "after"));
    changeset("list", { "@fixture/acme": "minor", crmkit: "minor", "@fixture/mock": "patch" }, "Added GET /contacts (listContacts).");
    const result = await gate();
    expect(result.specs.map((s) => [s.vendor, s.comparison.level])).toEqual([["acme", "minor"]]);
    expect(result.failures).toEqual([]);
  });

  it("fails a compatible edit that comes with a patch changeset only", async () => {
    write("specs/acme/openapi.yaml", fixture("compatible/optional-request-field-added", "after"));
    changeset("phone", { "@fixture/acme": "patch", crmkit: "patch", "@fixture/mock": "patch" }, "createContact takes a phone.");
    const { failures } = await gate();
    expect(failures).toEqual([
      expect.stringMatching(/^@fixture\/acme needs a minor changeset; pending changesets declare patch/),
      expect.stringMatching(/^crmkit needs a minor changeset; pending changesets declare patch/),
    ]);
  });

  it("requires the changelog to name the operations that changed", async () => {
    write("specs/acme/openapi.yaml", fixture("compatible/operation-added", "after"));
    changeset("vague", { "@fixture/acme": "minor", crmkit: "minor", "@fixture/mock": "patch" }, "More endpoints.");
    const { failures } = await gate();
    expect(failures).toEqual([expect.stringMatching(/^the changelog of @fixture\/acme must name .*GET \/contacts \(listContacts\)/)]);
  });

  it("writes a changeset that satisfies the gate when asked to", async () => {
    write("specs/acme/openapi.yaml", fixture("breaking/request-enum-narrowed", "after"));
    const result = await gate(true);
    expect(result.failures).toEqual([]);
    expect(result.written).toBeDefined();
    const text = readFileSync(result.written!, "utf8");
    expect(text).toContain('"@fixture/acme": major');
    expect(text).toContain('"crmkit": major');
    expect(text).toMatch(/BREAKING: POST \/contacts \(createContact\): cannot remove enum option 'import'/);
  });

  it("asks for a changeset when a package's shipped files change, but not for its tests", async () => {
    write("packages/acme/test/acme.test.ts", "// only a test\n");
    expect((await gate()).failures).toEqual([]);
    write("packages/acme/src/index.ts", "export const acme = 2;\n");
    const { failures } = await gate();
    expect(failures).toEqual([expect.stringMatching(/^@fixture\/acme needs a patch changeset.*packages\/acme\/src\/index\.ts/)]);
  });

  it("ignores private packages", async () => {
    write("packages/internal/src/index.ts", "export {};\n");
    expect((await gate()).failures).toEqual([]);
  });

  it("treats a changed webhook payload like a changed response: major, reported as WEBHOOK <event>", async () => {
    write("specs/acme/openapi.yaml", fixture("breaking/webhook-payload-field-removed", "before"));
    git("commit", "--quiet", "--no-gpg-sign", "-am", "webhooks");
    baseSha = git("rev-parse", "HEAD").trim();
    write("specs/acme/openapi.yaml", fixture("breaking/webhook-payload-field-removed", "after"));
    const result = await gate();
    expect(result.specs.map((s) => [s.vendor, s.comparison.level])).toEqual([["acme", "major"]]);
    expect(result.failures).toEqual(
      expect.arrayContaining([expect.stringMatching(/^@fixture\/acme needs a major changeset/), expect.stringMatching(/^crmkit needs a major changeset/)]),
    );
    expect(formatReport(result, "base")).toMatch(
      /✗ specs\/acme\/openapi\.yaml(@[0-9a-f]+)?:\d+ {2}WEBHOOK ContactCreated \(receiveContactCreated\): cannot remove webhook payload property 'score'/,
    );

    changeset("score", { "@fixture/acme": "major", crmkit: "major", "@fixture/mock": "patch" }, "BREAKING: the WEBHOOK ContactCreated payload lost score.");
    expect((await gate()).failures).toEqual([]);
  });

  it("treats a documentation-only edit as a patch", async () => {
    write("specs/acme/openapi.yaml", fixture("documentation/descriptions-edited", "after"));
    changeset("docs", { "@fixture/acme": "patch", "@fixture/mock": "patch" }, "Clarified createContact and getContact docs.");
    const result = await gate();
    expect(result.requirements.find((r) => r.pkg === "@fixture/acme")?.level).toBe("patch");
    expect(result.requirements.find((r) => r.pkg === "crmkit")).toBeUndefined();
    expect(result.failures).toEqual([]);
  });
});

describe("the base commit", () => {
  it("is the merge base with main, so a feature branch is compared with where it left main", async () => {
    git("checkout", "--quiet", "-b", "feature");
    write("specs/acme/openapi.yaml", fixture("breaking/request-field-removed", "after"));
    git("commit", "--quiet", "--no-gpg-sign", "-am", "breaking edit on a branch");
    const base = resolveBase(repo, undefined);
    expect(base).toEqual({ sha: baseSha, description: "merge base of HEAD with main" });
    const result = await runGate({ root: repo, baseSha: base.sha });
    expect(result.failures[0]).toMatch(/^@fixture\/acme needs a major changeset/);
  });

  it("is HEAD itself on a clean clone of main, where nothing has changed", async () => {
    const clone = mkdtempSync(join(tmpdir(), "crmkit-gate-clone-"));
    try {
      execFileSync("git", ["clone", "--quiet", repo, clone]);
      const base = resolveBase(clone, undefined);
      expect(base.sha).toBe(baseSha);
      expect((await runGate({ root: clone, baseSha: base.sha })).failures).toEqual([]);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it("can be named, and a name that is no commit is refused", () => {
    expect(resolveBase(repo, "HEAD").sha).toBe(baseSha);
    expect(() => resolveBase(repo, "no-such-ref")).toThrow('--base: "no-such-ref" is not a commit in this repository');
  });
});

describe("pnpm spec:diff (the CLI)", () => {
  // Two CLI runs, the second with `changeset status`: allow for a loaded CI machine.
  it("exits non-zero with a readable list, and zero once a major changeset is added", { timeout: 60_000 }, () => {
    symlinkSync(join(monorepoRoot, "node_modules"), join(repo, "node_modules"), "dir");
    write(".gitignore", "node_modules\n");
    write("specs/acme/openapi.yaml", fixture("breaking/response-field-removed", "after"));
    const cli = fileURLToPath(new URL("../src/spec-diff-cli.mjs", import.meta.url));
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

    const failing = run("--no-status");
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain(`spec:diff against ${baseSha.slice(0, 10)} (merge base of HEAD with main)`);
    expect(failing.stdout).toMatch(/acme: MAJOR/);
    expect(failing.stdout).toMatch(/✗ specs\/acme\/openapi\.yaml@[0-9a-f]+:\d+ {2}GET \/contacts\/\{contactId\} \(getContact\): cannot remove response property 'score'/);
    expect(failing.stdout).toContain("@fixture/acme needs a major changeset");

    changeset("score", { "@fixture/acme": "major", crmkit: "major", "@fixture/mock": "patch" }, "BREAKING: getContact and createContact no longer return score.");
    const passing = run();
    expect(passing.stdout).toContain("✓ pending changesets cover every change");
    expect(passing.status).toBe(0);
    expect(readdirSync(join(repo, ".changeset")).sort()).toEqual(["config.json", "score.md"]);
  });
});
