// crmkit-mock: prints each URL, serves until Ctrl-C, then exits cleanly and frees its ports.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { childrenOf, dist, isRunning, portIsFree, requireBuild, waitFor, waitForLine } from "./helpers.js";

beforeAll(requireBuild);
const cli = `${dist}cli.js`;

// Killed after each test even if it failed or timed out (its Prism exits with it): nothing is left running.
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

describe("crmkit-mock CLI", () => {
  // Prism takes seconds to start, many more on a busy machine; waitForLine gives up (with the output) well before this.
  it("prints one URL per vendor, serves them, and on SIGINT exits 0 leaving no Prism and no listening port", { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, [cli, "onelink", "leadconnector"], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const { output } = await waitForLine(child.stdout!, /Press Ctrl-C to stop/);
      const urls: Record<string, string> = Object.fromEntries([...output.matchAll(/^(\S+)\s+(http:\/\/127\.0\.0\.1:\d+)$/gm)].map((m) => [m[1]!, m[2]!]));
      expect(Object.keys(urls)).toEqual(["onelink", "leadconnector"]);
      const ports = Object.values(urls).map((url) => Number(new URL(url).port));

      const pipelines = await fetch(`${urls.leadconnector}/opportunities/pipelines?locationId=ve9EPM428h8vShlRW1KT`, {
        headers: { Authorization: "Bearer test-token", Version: "2021-07-28" },
      });
      expect(pipelines.status).toBe(200);
      const prisms = childrenOf(child.pid!);
      expect(prisms).toHaveLength(1); // one Prism process serves both

      child.kill("SIGINT");
      expect(await exited).toBe(0);
      for (const pid of prisms) expect(isRunning(pid)).toBe(false);
      for (const port of ports) await waitFor(`port ${port} is free`, () => portIsFree(port));
      expect(stderr).toBe("");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("rejects bad input with exit code 2 and a message naming it, starting nothing", () => {
    const unknown = spawnSync(process.execPath, [cli, "hubspot"], { encoding: "utf8" });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown vendor: hubspot/);

    const port = spawnSync(process.execPath, [cli, "onelink", "--port", "http"], { encoding: "utf8" });
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/--port must be an integer from 0 to 65535/);

    const none = spawnSync(process.execPath, [cli], { encoding: "utf8" });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/usage: crmkit-mock <vendor\.\.\.>/);
  });

  it("--help prints the usage", () => {
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/usage: crmkit-mock <vendor\.\.\.> \[--port N\] \[--dynamic\]/);
  });
});
