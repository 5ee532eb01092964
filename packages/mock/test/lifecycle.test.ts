// The Prism lifecycle: mocks start on free ports, answer from the shipped specs, and leave no process or listening port
// behind, whether closed, or orphaned by a parent killed with SIGKILL.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockOptionsError, freePort, specPath, startMock, startMocks, vendors, type Vendor } from "../dist/index.js";
import { childrenOf, dist, isRunning, portIsFree, requireBuild, waitFor, waitForLine } from "./helpers.js";

beforeAll(requireBuild);

// Starting Prism takes seconds, many more on a busy machine: each test's own waits (waitForLine, waitFor) give up well
// before this, so a slow start fails with a message and the cleanup below runs, instead of the test being abandoned
// with its processes still running.
const PRISM_TEST_TIMEOUT = 180_000;

// Whatever a test started is killed after the file even if the test failed or timed out: no orphaned Prism.
const started: { process?: ChildProcess; pid?: number }[] = [];
afterAll(() => {
  for (const { process: child, pid } of started) {
    child?.kill("SIGKILL");
    if (pid && isRunning(pid)) process.kill(pid, "SIGKILL");
  }
});

// Checks that count this process's children run first, one at a time; the tests that start Prism run side by side.
describe("bad input is refused before any process starts", () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    ["vendor", () => startMock("hubspot" as Vendor), "vendor"],
    ["port below 0", () => startMock("onelink", { port: -1 }), "port"],
    ["fractional port", () => startMock("onelink", { port: 4010.5 }), "port"],
    ["port above 65535", () => startMock("onelink", { port: 70_000 }), "port"],
    ["no room for consecutive ports", () => startMocks(["onelink", "leadsquared"], { port: 65535 }), "port"],
    ["seed without dynamic", () => startMock("onelink", { seed: "x" }), "seed"],
    ["proxyTo that is no http URL", () => startMock("onelink", { proxyTo: "ftp://example.com" }), "proxyTo"],
    ["dynamic proxy", () => startMock("onelink", { proxyTo: "https://one-link.kz", dynamic: true }), "dynamic"],
    ["log level", () => startMock("onelink", { logLevel: "loud" as "info" }), "logLevel"],
    ["empty vendor list", () => startMocks([]), "vendors"],
  ];
  it.each(cases)("%s: a MockOptionsError naming the option", async (_, start, field) => {
    const before = childrenOf(process.pid);
    const error = await start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MockOptionsError);
    expect(error).toMatchObject({ field, message: expect.stringContaining(field) });
    expect(childrenOf(process.pid)).toEqual(before);
  });

  it("a fixed port that is taken: says so", async () => {
    const taken = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => taken.once("listening", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const before = childrenOf(process.pid);
      await expect(startMock("leadsquared", { port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
      expect(childrenOf(process.pid)).toEqual(before);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("every vendor's spec ships inside the package", () => {
    for (const vendor of vendors) expect(specPath(vendor)).toBe(`${dist.replace(/dist\/$/, "")}specs/${vendor}/openapi.yaml`);
  });
});

describe.concurrent("running mocks", { timeout: PRISM_TEST_TIMEOUT }, () => {
  it("several vendors start at once from one Prism process; close() frees each port, the process ends with the last", async () => {
    const servers = await startMocks(["onelink", "pexip-engage"]);
    started.push({ pid: servers[0]!.pid });
    const [onelink, pexip] = servers as [(typeof servers)[0], (typeof servers)[0]];
    try {
      expect(servers.map((s) => s.vendor)).toEqual(["onelink", "pexip-engage"]);
      expect(onelink.port).not.toBe(pexip.port);
      expect(onelink.pid).toBe(pexip.pid);
      for (const s of servers) expect(s.url).toBe(`http://127.0.0.1:${s.port}`);

      const list = await fetch(`${onelink.url}/api/v1/accounts/12/scheduling/appointments`, { headers: { api_access_token: "test-token" } });
      expect(list.status).toBe(200);
      expect(await list.json()).toMatchObject({ meta: { count: 2 } });
      const segment = async () => fetch(`${pexip.url}/lead-segments/123`, { headers: { Authorization: "Bearer test-token" } });
      expect(await (await segment()).json()).toMatchObject({ data: { id: "123", code: "REPEATVISITOR" } });

      await onelink.close();
      expect(await portIsFree(onelink.port)).toBe(true);
      expect(isRunning(pexip.pid)).toBe(true);
      expect((await segment()).status).toBe(200);

      await pexip.close();
      expect(await portIsFree(pexip.port)).toBe(true);
      expect(isRunning(pexip.pid)).toBe(false);
      await pexip.close(); // closing twice is harmless
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it("a parent killed with SIGKILL takes its Prism with it: no process, no listening port", async () => {
    // The orphaned mock also proves a fixed port and seeded dynamic responses.
    const port = await freePort();
    // The stand-in parent also exits when its stdin closes, i.e. when this test process goes away however it ends.
    const script = `
      process.stdin.on("end", () => process.exit(0));
      process.stdin.resume();
      const { startMock } = await import(${JSON.stringify(`${dist}index.js`)});
      const mock = await startMock("leadconnector", { port: ${port}, dynamic: true, seed: 7 });
      console.log(JSON.stringify({ pid: mock.pid, port: mock.port }));
      setInterval(() => {}, 60_000);
    `;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["pipe", "pipe", "inherit"] });
    const record: (typeof started)[number] = { process: parent };
    started.push(record);
    try {
      const { match } = await waitForLine(parent.stdout!, /\{"pid":(\d+),"port":(\d+)\}/);
      const pid = Number(match[1]);
      record.pid = pid;
      expect(Number(match[2])).toBe(port);
      const pipelines = () =>
        fetch(`http://127.0.0.1:${port}/opportunities/pipelines?locationId=ve9EPM428h8vShlRW1KT`, {
          headers: { Authorization: "Bearer test-token", Version: "2021-07-28" },
        }).then((r) => r.text());
      const first = await pipelines();
      expect(JSON.parse(first)).toHaveProperty("pipelines");
      expect(await pipelines()).toBe(first); // seeded: the same request gets the same generated body

      parent.kill("SIGKILL");
      await waitFor("Prism has exited", () => !isRunning(pid));
      await waitFor("the port is free", () => portIsFree(port));
    } finally {
      parent.kill("SIGKILL");
    }
  });

  it("proxy mode (what live contract tests use) forwards to the upstream and reports a response that breaks the contract", async () => {
    // A stand-in for the real API: one segment matches the contract, the other has drifted from it.
    const upstream = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const drifted = req.url!.endsWith("/lead-segments/2");
      res.end(JSON.stringify({ data: drifted ? { id: 2 } : { id: "1", code: "VIP", createdAt: "2022-08-17T19:05:21.362Z", updatedAt: "2022-08-17T19:05:21.362Z" } }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const mock = await startMock("pexip-engage", { proxyTo: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/enterprises/acme` });
    started.push({ pid: mock.pid });
    try {
      const headers = { Authorization: "Bearer test-token" };
      const good = await fetch(`${mock.url}/lead-segments/1`, { headers });
      expect(good.status).toBe(200);
      expect(good.headers.get("sl-violations")).toBeNull();
      expect(await good.json()).toMatchObject({ data: { code: "VIP" } });

      const drifted = await fetch(`${mock.url}/lead-segments/2`, { headers });
      expect(drifted.status).toBe(500);
      const body = (await drifted.json()) as { validation: { location: string[] }[] };
      expect(body.validation.map((v) => v.location.join("."))).toContain("response.body.data.id");
    } finally {
      await mock.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
    expect(isRunning(mock.pid)).toBe(false);
  });
});
