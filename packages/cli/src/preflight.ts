// Everything a bulk command checks before the first request: the input file, the results file, the whole CSV (parsed
// and every row validated, all problems listed at once), what an earlier run already settled (--resume), the credentials.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { ValidationError } from "crmkit";
import { type Env, missingCredentials, schedulingVendors } from "./env.js";
import { JournalError, type PastResults, readJournal, resultColumns } from "./journal.js";
import type { BulkOperation, Validator } from "./operation.js";
import { readRows } from "./rows-file.js";
import { UsageError } from "./usage.js";

export interface PreflightRequest {
  operation: BulkOperation;
  file: string;
  out?: string;
  resume: boolean;
  /** Nothing will be sent (dry run) or only to mocks: no credentials needed. */
  credentialsNeeded: boolean;
  env: Env;
  cwd: string;
  validator: Validator;
}

export interface Plan {
  file: string;
  out?: string;
  /** Rows to send, by vendor (rows an earlier run settled are not counted). */
  toSend: Map<string, number>;
  /** Rows an earlier run already settled (--resume): never sent again. */
  settled: PastResults["settled"];
  /** A last results line cut short by a killed run: ignored. */
  cutShort?: number;
}

/** Bad rows: every one, with its line and column; nothing was sent. */
export class BadRows extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem${problems.length === 1 ? "" : "s"}`);
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

async function checkInput(path: string, shown: string) {
  const info = await stat(path).catch((error) => {
    throw new UsageError(`cannot read ${shown}: ${code(error)}`);
  });
  if (!info.isFile()) throw new UsageError(`cannot read ${shown}: not a file`);
  await access(path, constants.R_OK).catch((error) => {
    throw new UsageError(`cannot read ${shown}: ${code(error)}`);
  });
  return info;
}

/** --out must be writable and must not be the input file, when there is one (the results would replace it). */
export async function checkOut(path: string, shown: string, input?: { dev: number; ino: number; what: string }) {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`--out ${shown} is a directory`, "Give a file name for the results, e.g. --out results.csv.");
  if (info && input && info.dev === input.dev && info.ino === input.ino) {
    throw new UsageError(`--out ${shown} is the input file: the results would overwrite the ${input.what}`, "Give another file name for the results, e.g. --out results.csv.");
  }
  const writable = info ? path : dirname(path);
  await access(writable, constants.W_OK).catch((error) => {
    const why = code(error) === "ENOENT" ? `the directory ${dirname(shown)} does not exist` : `${info ? shown : dirname(shown)} is not writable (${code(error)})`;
    throw new UsageError(`cannot write --out ${shown}: ${why}`, "Nothing was sent. Choose a results file in a directory you can write to.");
  });
}

/** The row's vendor as the facade names it, or what is wrong with it (the CLI names the vendors it knows). */
export function vendorOf(cell: string): { vendor: string } | { problem: string } {
  const vendor = cell.toLowerCase();
  if (schedulingVendors.includes(vendor)) return { vendor };
  return { problem: vendor ? `unknown vendor "${cell}": expected one of ${schedulingVendors.join(", ")}` : `no vendor: expected one of ${schedulingVendors.join(", ")}` };
}

const where = (line: number, column?: string) => `line ${line}${column ? `, column ${column}` : ""}`;

export async function preflight(request: PreflightRequest): Promise<Plan> {
  const { operation } = request;
  const { verb, rows } = operation.words;
  const file = resolve(request.cwd, request.file);
  const input = await checkInput(file, request.file);
  const out = request.out === undefined ? undefined : resolve(request.cwd, request.out);
  if (request.resume && !out) throw new UsageError("--resume needs --out: the results file of the run to resume");
  if (out) await checkOut(out, request.out!, { dev: input.dev, ino: input.ino, what: rows });

  let past: PastResults = { settled: new Map() };
  if (request.resume && (await stat(out!).catch(() => undefined))) {
    past = await readJournal(out!, { columns: resultColumns(operation.columns, operation.outcomeColumns), settled: operation.settled }).catch((error) => {
      throw error instanceof JournalError ? new UsageError(`cannot resume: ${error.message}`, "Resume with the results file the earlier run wrote (its --out).") : error;
    });
  }

  const problems: string[] = [];
  const toSend = new Map<string, number>();
  const matched = new Set<number>();
  const sameFile = `Resume with the same ${rows} file the earlier run read.`;
  for await (const row of readRows(file, operation.columns)) {
    if ("problem" in row) {
      problems.push(`${where(row.line, row.column)}: ${row.problem}`);
      continue;
    }
    const known = vendorOf(row.cells.vendor!);
    if ("problem" in known) {
      problems.push(`${where(row.line, "vendor")}: ${known.problem}`);
      continue;
    }
    const { vendor } = known;
    try {
      operation.check(operation.input(row.cells, vendor), request.validator);
    } catch (error) {
      const field = error instanceof ValidationError ? operation.columns.find((c) => c === error.field) : undefined;
      problems.push(`${where(row.line, field)}: ${(error as Error).message}`);
      continue;
    }
    const earlier = past.settled.get(row.line);
    if (earlier) {
      if (earlier.vendor !== vendor || earlier.appointmentId !== row.cells.appointmentId) {
        throw new UsageError(
          `cannot resume: ${basename(out!)} records line ${row.line} as ${earlier.vendor} ${earlier.appointmentId}, but ${request.file} line ${row.line} is ${vendor} ${row.cells.appointmentId}`,
          sameFile,
        );
      }
      matched.add(row.line);
      continue;
    }
    toSend.set(vendor, (toSend.get(vendor) ?? 0) + 1);
  }
  if (problems.length) throw new BadRows(problems);
  const stray = [...past.settled.keys()].find((line) => !matched.has(line));
  if (stray !== undefined) throw new UsageError(`cannot resume: ${basename(out!)} records a ${verb} for line ${stray}, which ${request.file} does not have`, sameFile);
  if (!toSend.size && !past.settled.size) throw new BadRows([`${request.file} has no rows to ${verb}`]);

  if (request.credentialsNeeded) {
    const missing = missingCredentials(request.env, [...toSend.keys()]);
    if (missing.length) {
      throw new UsageError(
        `${missing.map((m) => m.vendor).join(" and ")} ${missing.length === 1 ? "is" : "are"} not configured: set ${missing.flatMap((m) => m.variables).join(", ")}`,
        "Nothing was sent. Or use --mock to send to local mock servers, or --dry-run to send nothing.",
      );
    }
  }
  return { file, out, toSend, settled: past.settled, ...(past.cutShort ? { cutShort: past.cutShort } : {}) };
}
