import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compareSpecs, type SpecComparison } from "../src/spec-diff.mjs";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const cases: Record<string, { level: "major" | "minor" | "patch"; mentions?: string[] }> = JSON.parse(
  readFileSync(`${fixtures}cases.json`, "utf8"),
);
const read = (name: string, side: "before" | "after") => readFileSync(`${fixtures}${name}/${side}.yaml`, "utf8");

async function compareFixture(name: string): Promise<SpecComparison> {
  return compareSpecs({ beforeText: read(name, "before"), afterText: read(name, "after"), beforeLabel: `${name}/before.yaml`, afterLabel: `${name}/after.yaml` });
}

const byKind = (kind: string) => Object.entries(cases).filter(([name]) => name.startsWith(`${kind}/`));

describe("fixture spec pairs", () => {
  it("cover at least 8 kinds of breaking change and 4 compatible ones", () => {
    expect(byKind("breaking").length).toBeGreaterThanOrEqual(8);
    expect(byKind("compatible").length).toBeGreaterThanOrEqual(4);
  });

  describe.each(byKind("breaking"))("breaking: %s", (name, expected) => {
    it("is judged major, naming each breaking change with a file location", async () => {
      const result = await compareFixture(name);
      expect(result.level).toBe(expected.level);
      expect(result.breaking.length).toBeGreaterThan(0);
      for (const change of result.breaking) {
        expect(change.location).toMatch(new RegExp(`^${name}/(before|after)\\.yaml:\\d+$`));
        expect(change.message.length).toBeGreaterThan(0);
      }
      const messages = result.breaking.map((b) => b.message).join("\n");
      for (const mention of expected.mentions ?? []) expect(messages).toContain(mention);
    });
  });

  describe.each([...byKind("compatible"), ...byKind("documentation")])("non-breaking: %s", (name, expected) => {
    it(`is judged ${expected.level} with no breaking change`, async () => {
      const result = await compareFixture(name);
      expect(result.breaking).toEqual([]);
      expect(result.level).toBe(expected.level);
      expect(result.specChanged).toBe(true);
    });
  });
});

describe("compareSpecs", () => {
  const base = read("compatible/operation-added", "before");

  it("finds nothing in identical specs", async () => {
    const result = await compareSpecs({ beforeText: base, afterText: base, beforeLabel: "a", afterLabel: "b" });
    expect(result).toMatchObject({ level: "none", breaking: [], specChanged: false, operations: { added: [], removed: [], changed: [] } });
  });

  it("names operations by method, path and operationId", async () => {
    const result = await compareFixture("breaking/path-renamed");
    expect(result.operations.removed).toEqual([
      { method: "DELETE", path: "/contacts/{contactId}", operationId: "deleteContact" },
      { method: "GET", path: "/contacts/{contactId}", operationId: "getContact" },
    ]);
    expect(result.operations.added.map((op) => `${op.method} ${op.path}`)).toEqual(["DELETE /people/{contactId}", "GET /people/{contactId}"]);
  });

  it("reports a removed operation once, not once per parameter and property it had", async () => {
    const result = await compareFixture("breaking/path-renamed");
    expect(result.breaking.map((b) => b.rule)).toEqual(["prevent operation removal", "prevent operation removal"]);
  });

  it("lists a compatible addition among the added operations", async () => {
    const result = await compareFixture("compatible/operation-added");
    expect(result.operations.added).toEqual([{ method: "GET", path: "/contacts", operationId: "listContacts" }]);
  });

  it("diffs a webhook's payload like a response and names it WEBHOOK <event>", async () => {
    const webhook = { method: "WEBHOOK", path: "ContactCreated", operationId: "receiveContactCreated" };
    const removed = await compareFixture("breaking/webhook-payload-field-removed");
    expect(removed.operations.changed).toEqual([webhook]);
    expect(removed.breaking).toEqual([expect.objectContaining({ operation: webhook })]);
    expect(removed.breaking[0]!.message).toMatch(/^cannot remove webhook payload property 'score'/);
    expect((await compareFixture("breaking/webhook-removed")).operations.removed).toEqual([webhook]);
    expect((await compareFixture("compatible/webhook-added")).operations.added).toEqual([webhook]);
  });

  it("treats a new contract as a compatible addition of every operation", async () => {
    const result = await compareSpecs({ beforeText: undefined, afterText: base, beforeLabel: "a", afterLabel: "b" });
    expect(result.level).toBe("minor");
    expect(result.operations.added.map((op) => op.operationId).sort()).toEqual(["createContact", "deleteContact", "getContact"]);
  });

  it("treats a deleted contract as breaking", async () => {
    const result = await compareSpecs({ beforeText: base, afterText: undefined, beforeLabel: "specs/x/openapi.yaml@abc", afterLabel: "b" });
    expect(result.level).toBe("major");
    expect(result.breaking[0]?.location).toBe("specs/x/openapi.yaml@abc");
  });

  it("rejects a file that is not OpenAPI, naming the version it came from", async () => {
    await expect(compareSpecs({ beforeText: base, afterText: "just: text\n", beforeLabel: "a", afterLabel: "specs/x/openapi.yaml" })).rejects.toThrow(
      /specs\/x\/openapi\.yaml/,
    );
  });
});
