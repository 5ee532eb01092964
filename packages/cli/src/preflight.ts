// Everything checked before the first request: the input file, the results file, the whole CSV (parsed and every row
// validated, all problems listed at once), what an earlier run already moved (--resume), and the credentials.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { type Crmkit, type RescheduleInput, ValidationError } from "crmkit";
import { type Env, missingCredentials, schedulingVendors } from "./env.js";
import { JournalError, type PastResults, readJournal } from "./journal.js";
import { MOVE_COLUMNS, type MoveCells, readMoves } from "./moves-file.js";
import { UsageError } from "./usage.js";

export interface PreflightRequest {
  file: string;
  out?: string;
  resume: boolean;
  /** Nothing will be sent (dry run) or only to mocks: no credentials needed. */
  credentialsNeeded: boolean;
  env: Env;
  cwd: string;
  /** Validates moves without sending (every scheduling vendor configured, on placeholder credentials). */
  validator: Crmkit;
}

export interface Plan {
  file: string;
  out?: string;
  /** Rows to send, by vendor (rows an earlier run moved are not counted). */
  toSend: Map<string, number>;
  /** Rows an earlier run already moved (--resume): never sent again. */
  moved: PastResults["moved"];
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

/** --out must be writable and must not be the input file (the results would replace the moves). */
async function checkOut(path: string, shown: string, input: { dev: number; ino: number }) {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`--out ${shown} is a directory`, "Give a file name for the results, e.g. --out results.csv.");
  if (info && info.dev === input.dev && info.ino === input.ino) {
    throw new UsageError(`--out ${shown} is the input file: the results would overwrite the moves`, "Give another file name for the results, e.g. --out results.csv.");
  }
  const writable = info ? path : dirname(path);
  await access(writable, constants.W_OK).catch((error) => {
    const why = code(error) === "ENOENT" ? `the directory ${dirname(shown)} does not exist` : `${info ? shown : dirname(shown)} is not writable (${code(error)})`;
    throw new UsageError(`cannot write --out ${shown}: ${why}`, "Nothing was sent. Choose a results file in a directory you can write to.");
  });
}

/** A row as the facade takes it, or what is wrong with its vendor (the CLI names the vendors it knows). */
function moveOf(cells: MoveCells): RescheduleInput | string {
  const vendor = cells.vendor.toLowerCase();
  if (!schedulingVendors.includes(vendor)) {
    return vendor
      ? `unknown vendor "${cells.vendor}": expected one of ${schedulingVendors.join(", ")}`
      : `no vendor: expected one of ${schedulingVendors.join(", ")}`;
  }
  return { vendor, appointmentId: cells.appointmentId, start: cells.start, end: cells.end } as RescheduleInput;
}

const where = (line: number, column?: string) => `line ${line}${column ? `, column ${column}` : ""}`;

export async function preflight(request: PreflightRequest): Promise<Plan> {
  const file = resolve(request.cwd, request.file);
  const input = await checkInput(file, request.file);
  const out = request.out === undefined ? undefined : resolve(request.cwd, request.out);
  if (request.resume && !out) throw new UsageError("--resume needs --out: the results file of the run to resume");
  if (out) await checkOut(out, request.out!, input);

  let past: PastResults = { moved: new Map() };
  if (request.resume && (await stat(out!).catch(() => undefined))) {
    past = await readJournal(out!).catch((error) => {
      throw error instanceof JournalError ? new UsageError(`cannot resume: ${error.message}`, "Resume with the results file the earlier run wrote (its --out).") : error;
    });
  }

  const problems: string[] = [];
  const toSend = new Map<string, number>();
  const matched = new Set<number>();
  for await (const row of readMoves(file)) {
    if ("problem" in row) {
      problems.push(`${where(row.line, row.column)}: ${row.problem}`);
      continue;
    }
    const move = moveOf(row.cells);
    if (typeof move === "string") {
      problems.push(`${where(row.line, "vendor")}: ${move}`);
      continue;
    }
    try {
      request.validator.scheduling.prepareReschedule(move);
    } catch (error) {
      const field = error instanceof ValidationError ? MOVE_COLUMNS.find((c) => c === error.field) : undefined;
      problems.push(`${where(row.line, field)}: ${(error as Error).message}`);
      continue;
    }
    const earlier = past.moved.get(row.line);
    if (earlier) {
      if (earlier.vendor !== move.vendor || earlier.appointmentId !== row.cells.appointmentId) {
        throw new UsageError(
          `cannot resume: ${basename(out!)} records line ${row.line} as ${earlier.vendor} ${earlier.appointmentId}, but ${request.file} line ${row.line} is ${move.vendor} ${row.cells.appointmentId}`,
          "Resume with the same moves file the earlier run read.",
        );
      }
      matched.add(row.line);
      continue;
    }
    toSend.set(move.vendor, (toSend.get(move.vendor) ?? 0) + 1);
  }
  if (problems.length) throw new BadRows(problems);
  const stray = [...past.moved.keys()].find((line) => !matched.has(line));
  if (stray !== undefined) {
    throw new UsageError(`cannot resume: ${basename(out!)} records a move for line ${stray}, which ${request.file} does not have`, "Resume with the same moves file the earlier run read.");
  }
  if (!toSend.size && !past.moved.size) throw new BadRows([`${request.file} has no rows to move`]);

  if (request.credentialsNeeded) {
    const missing = missingCredentials(request.env, [...toSend.keys()]);
    if (missing.length) {
      throw new UsageError(
        `${missing.map((m) => m.vendor).join(" and ")} ${missing.length === 1 ? "is" : "are"} not configured: set ${missing.flatMap((m) => m.variables).join(", ")}`,
        "Nothing was sent. Or use --mock to send to local mock servers, or --dry-run to send nothing.",
      );
    }
  }
  return { file, out, toSend, moved: past.moved, ...(past.cutShort ? { cutShort: past.cutShort } : {}) };
}
