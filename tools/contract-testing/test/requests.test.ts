import { describe, expect, it } from "vitest";
import { assertCovered, changes, coverageGaps, editBody, removeBody, setBodyField, setHeader, setQuery } from "../src/index.js";

const json = (body: unknown, init: RequestInit = {}) =>
  new Request("http://mock.test/things?limit=5&page=2", { method: "POST", headers: { "content-type": "application/json", Version: "2021-07-28" }, body: JSON.stringify(body), ...init });

describe("request changes", () => {
  it("setQuery sets, adds and removes query parameters", async () => {
    const url = new URL((await changes(setQuery("limit", "101"), setQuery("page", undefined), setQuery("q", "a b"))(json({}))).url);
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: "101", q: "a b" });
  });

  it("setHeader sets and removes headers and keeps the body", async () => {
    const request = await changes(setHeader("Version", undefined), setHeader("X-Correlation-Id", "abc"))(json({ a: 1 }));
    expect(request.headers.has("Version")).toBe(false);
    expect(request.headers.get("x-correlation-id")).toBe("abc");
    expect(await request.json()).toEqual({ a: 1 });
  });

  it("setBodyField sets nested fields and array items, and deletes with undefined", async () => {
    const request = await changes(
      setBodyField("TaskList.0.FromDate", "2026-12-01T09:30:00Z"),
      setBodyField("Paging.Offset", -1),
      setBodyField("TaskList.1", undefined),
    )(json({ TaskList: [{ FromDate: "2026-12-01 09:30:00" }, { FromDate: "x" }] }));
    expect(await request.json()).toEqual({ TaskList: [{ FromDate: "2026-12-01T09:30:00Z" }], Paging: { Offset: -1 } });
    expect(request.method).toBe("POST");
  });

  it("edits a top-level array body", async () => {
    const request = await setBodyField("0.meetingType", "CHAT")(json([{ meetingType: "VIDEO" }]));
    expect(await request.json()).toEqual([{ meetingType: "CHAT" }]);
  });

  it("edits a form-encoded body as a form", async () => {
    const form = new Request("http://mock.test/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "client_id=a&grant_type=refresh_token",
    });
    const request = await editBody((b) => ({ ...b, grant_type: "password" }))(form);
    expect(await request.text()).toBe("client_id=a&grant_type=password");
  });

  it("removeBody sends no body", async () => {
    const request = await removeBody()(json({ a: 1 }));
    expect(request.body).toBeNull();
  });
});

describe("coverage checks", () => {
  it("name what is missing and what is unknown", () => {
    expect(coverageGaps(["a", "b", "c"], ["a", "x"])).toEqual({ missing: ["b", "c"], unknown: ["x"] });
    expect(() => assertCovered("operation", ["a", "b"], ["a"])).toThrow("no case for 1 operation(s):\n  b");
    expect(() => assertCovered("operation", ["a"], ["a", "typo"])).toThrow("case(s) for operation(s) the spec does not declare:\n  typo");
    expect(() => assertCovered("operation", ["a", "b"], ["b", "a"])).not.toThrow();
  });
});
