import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";

/** The built package: the tests run what consumers get (`pnpm test` builds first). */
export const dist = fileURLToPath(new URL("../dist/", import.meta.url));
export function requireBuild(): void {
  if (!existsSync(`${dist}index.js`) || !existsSync(`${dist}cli.js`)) throw new Error("packages/mock is not built: run `pnpm build` first");
}

/** True when nothing accepts connections on the port. */
export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Direct children of a process (POSIX `ps`, so it also works on macOS), leaving out the `ps` that lists them. */
export function childrenOf(pid: number): number[] {
  return execFileSync("ps", ["-A", "-o", "pid=,ppid=,comm="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, command]) => Number(ppid) === pid && command !== "ps")
    .map(([child]) => Number(child));
}

/** Polls until `check` holds; the default ceiling is generous because a busy machine only makes things slower. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves with the first stdout line matching `pattern` (collecting all output for error messages). */
export function waitForLine(stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs = 90_000): Promise<{ match: RegExpExecArray; output: string }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    stream.on("data", (chunk) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ match, output });
      }
    });
  });
}
