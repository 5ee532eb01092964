// @crmkit/mock as a consumer team gets it: packed, installed with npm (install scripts off, Scarf off) into an empty
// project with no repository around it, then started, called and closed from there.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { requireBuild } from "./helpers.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, SCARF_ANALYTICS: "false", DO_NOT_TRACK: "1", npm_config_update_notifier: "false" };
let scratch: string;

beforeAll(() => {
  requireBuild();
  scratch = mkdtempSync(join(tmpdir(), "crmkit-mock-tarball-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("starts a mock from a packed tarball installed with npm into an empty project", async () => {
  const started = Date.now();
  await run("pnpm", ["pack", "--pack-destination", scratch], { cwd: packageDir, env });
  const tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith(".tgz"))!);

  const project = join(scratch, "consumer");
  await run("mkdir", [project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", tarball], { cwd: project, env });

  writeFileSync(
    join(project, "check.mjs"),
    `import { startMock, specPath } from "@crmkit/mock";
     const mock = await startMock("onelink");
     const response = await fetch(mock.url + "/api/v1/accounts/12/scheduling/appointments/5123", { headers: { api_access_token: "t" } });
     const body = await response.json();
     await mock.close();
     let closed = false;
     await fetch(mock.url + "/").catch(() => (closed = true));
     console.log(JSON.stringify({ spec: specPath("onelink"), status: response.status, id: body.payload.id, closed }));`,
  );
  writeFileSync(join(project, "check.cjs"), `const mock = require("@crmkit/mock"); console.log(JSON.stringify({ start: typeof mock.startMock, spec: mock.specPath("leadsquared") }));`);

  const esm = JSON.parse((await run(process.execPath, ["check.mjs"], { cwd: project, env })).stdout);
  expect(esm).toEqual({ spec: join(project, "node_modules/@crmkit/mock/specs/onelink/openapi.yaml"), status: 200, id: 5123, closed: true });
  const cjs = JSON.parse((await run(process.execPath, ["check.cjs"], { cwd: project, env })).stdout);
  expect(cjs).toEqual({ start: "function", spec: join(project, "node_modules/@crmkit/mock/specs/leadsquared/openapi.yaml") });
  const help = await run(join(project, "node_modules/.bin/crmkit-mock"), ["--help"], { cwd: project, env });
  expect(help.stdout).toMatch(/usage: crmkit-mock <vendor\.\.\.>/);

  console.info(`mock tarball: pack + npm install + start/call/close took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 180_000);
