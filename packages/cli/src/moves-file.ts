// The moves file: rows of vendor,appointmentId,start,end, with an optional header row naming those columns in any order.
import { readCsvLines } from "./csv.js";

export const MOVE_COLUMNS = ["vendor", "appointmentId", "start", "end"] as const;
export type MoveColumn = (typeof MOVE_COLUMNS)[number];

export type MoveCells = Record<MoveColumn, string>;

/** A row of the moves file, or what is wrong with it; `column` names the cell at fault when one is. */
export type MoveLine = { line: number; cells: MoveCells } | { line: number; problem: string; column?: string };

interface Layout {
  /** The file's column names, in the file's order (the canonical names when the file has no header). */
  names: readonly string[];
  /** For each of MOVE_COLUMNS, its index in a row. */
  order: readonly number[];
}

const headerless: Layout = { names: MOVE_COLUMNS, order: [0, 1, 2, 3] };

/** The first row's layout when it is a header; a row that looks like a header but is not one is a problem. */
function headerLayout(cells: string[]): Layout | string | undefined {
  const lower = cells.map((c) => c.toLowerCase());
  const order = MOVE_COLUMNS.map((c) => lower.indexOf(c.toLowerCase()));
  if (order.every((i) => i >= 0)) return { names: cells.map((c, i) => MOVE_COLUMNS.find((m) => m.toLowerCase() === lower[i]) ?? c), order };
  if (lower.includes("vendor")) return `a header row needs the columns ${MOVE_COLUMNS.join(", ")} (in any order)`;
  return undefined;
}

/**
 * The rows of a moves file, streamed, each with its 1-based line number. Problems name the line and, where there is
 * one, the column by its name (never a 0-based field number).
 */
export async function* readMoves(path: string): AsyncGenerator<MoveLine> {
  let layout: Layout | undefined;
  for await (const row of readCsvLines(path)) {
    const current = layout ?? headerless;
    if ("problem" in row) {
      const column = row.problem.cell === undefined ? undefined : (current.names[row.problem.cell] ?? `column ${row.problem.cell + 1}`);
      yield { line: row.line, problem: row.problem.message, column };
      continue;
    }
    if (!layout) {
      const header = headerLayout(row.cells);
      layout = typeof header === "object" ? header : headerless;
      if (typeof header === "string") yield { line: row.line, problem: header };
      if (header !== undefined) continue;
    }
    if (row.cells.length !== layout.names.length) {
      yield { line: row.line, problem: `expected ${layout.names.length} columns (${layout.names.join(", ")}), got ${row.cells.length}` };
      continue;
    }
    const cells = Object.fromEntries(MOVE_COLUMNS.map((c, i) => [c, row.cells[layout!.order[i]!]!])) as MoveCells;
    yield { line: row.line, cells };
  }
}
