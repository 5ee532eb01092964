import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContractFetch, setHeader, violatedFields, violationsOf } from "../src/index.js";

// A stand-in for Prism: each path answers the way Prism does in one situation.
let server: Server;
let base: string;
const seen: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen[req.url!] = req.headers["x-probe"] as string | undefined;
    const answer = (status: number, headers: Record<string, string>, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/header-error")
      return answer(400, { "sl-violations": JSON.stringify([{ location: ["request", "query", "limit"], severity: "Error", code: "maximum", message: "must be <= 100" }]) }, {});
    if (req.url === "/header-warning")
      return answer(200, { "sl-violations": JSON.stringify([{ location: ["request", "header", "x-extra"], severity: "Warning", code: "x", message: "undeclared" }]) }, { ok: 1 });
    if (req.url === "/problem")
      return answer(
        422,
        { "content-type": "application/problem+json" },
        {
          type: "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
          status: 422,
          validation: [{ location: ["path", "account_id"], severity: "Error", code: "type", message: "must be integer" }],
        },
      );
    if (req.url === "/drift")
      return answer(
        500,
        { "content-type": "application/problem+json" },
        { type: "https://stoplight.io/prism/errors#VIOLATIONS", validation: [{ location: ["response", "body", "data", "id"], severity: "Error", code: "type", message: "must be string" }] },
      );
    if (req.url === "/vendor-problem") return answer(400, { "content-type": "application/problem+json" }, { title: "a vendor's own problem" });
    answer(200, {}, { ok: 1 });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("createContractFetch", () => {
  it("fails the call on an error in Prism's sl-violations header, naming the field", async () => {
    const fetch = createContractFetch();
    await expect(fetch(new Request(`${base}/header-error`))).rejects.toThrow(/Prism rejected GET \/header-error:\nrequest\.query\.limit: must be <= 100/);
    expect(fetch.rejections).toHaveLength(1);
  });

  it("lets warnings through", async () => {
    const fetch = createContractFetch();
    const response = await fetch(new Request(`${base}/header-warning`));
    expect(response.status).toBe(200);
    expect(violationsOf(response)).toHaveLength(1);
  });

  it("treats Prism's own problem+json (no sl-violations header) as a validation error, and leaves the body readable", async () => {
    await expect(createContractFetch()(new Request(`${base}/problem`))).rejects.toThrow(/request\.path\.account_id: must be integer/);
    const expecting = createContractFetch({ expectViolations: true });
    const response = await expecting(new Request(`${base}/problem`));
    expect(violatedFields(response)).toEqual(["path.account_id"]);
    expect(await response.json()).toMatchObject({ status: 422 });
  });

  it("through prism proxy, names a response that breaks the contract (drift) as such", async () => {
    await expect(createContractFetch()(new Request(`${base}/drift`))).rejects.toThrow(
      /The response to GET \/drift breaks the contract:\nresponse\.body\.data\.id: must be string/,
    );
  });

  it("does not mistake another problem+json without a validation list for a Prism verdict", async () => {
    const response = await createContractFetch()(new Request(`${base}/vendor-problem`));
    expect(violationsOf(response)).toEqual([]);
  });

  it("keeps Prism's verdict for tests that send invalid requests on purpose", async () => {
    const fetch = createContractFetch({ expectViolations: true });
    const response = await fetch(new Request(`${base}/header-error`));
    expect(violatedFields(response)).toEqual(["query.limit"]);
    expect(fetch.last()).toBe(response);
  });

  it("applies the transform before sending", async () => {
    await createContractFetch({ transform: setHeader("x-probe", "changed") })(new Request(`${base}/transformed`));
    expect(seen["/transformed"]).toBe("changed");
  });
});
