// The root README's end-to-end webhook script runs as printed (on a free port instead of 3000) and prints what the
// README says it prints.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(resolve(packageDir, "../../README.md"), "utf8");

const freePort = () =>
  new Promise<number>((resolvePort) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });

it("the README's webhook receiver, with the mock delivering to it, prints what the README shows", async () => {
  const script = /```js\n(\/\/ scratch-webhooks\.mjs[^]*?)```\n\nprints\n\n```\n([^]*?)```/.exec(readme);
  expect(script, "the scratch-webhooks.mjs block and its output in README.md").not.toBeNull();
  const [, code, printed] = script!;
  const port = await freePort();
  const source = code!.replaceAll("3000", String(port));
  // A module read from stdin resolves packages from the working directory, as the README's root script does.
  const stdout = await new Promise<string>((done, fail) => {
    const child = execFile(process.execPath, ["--input-type=module"], { cwd: packageDir, timeout: 30_000 }, (error, out, err) =>
      error ? fail(new Error(`${error.message}\n${err}`)) : done(out),
    );
    child.stdin!.end(source);
  });
  expect(stdout).toBe(printed);
});
