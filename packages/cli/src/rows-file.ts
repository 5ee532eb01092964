// A bulk command's input file: rows of named columns (vendor,appointmentId,start,end for moves; vendor,appointmentId for
// cancels), with an optional header row naming those columns in any order.
import { readCsvLines } from "./csv.js";

/** A row's cells by column name. */
export type RowCells = Record<string, string>;

/** A row of the file, or what is wrong with it; `column` names the cell at fault when one is. */
export type FileRow = { line: number; cells: RowCells } | { line: number; problem: string; column?: string };

interface Layout {
  /** The file's column names, in the file's order (the canonical names when the file has no header). */
  names: readonly string[];
  /** For each of the columns, its index in a row. */
  order: readonly number[];
}

/** The first row's layout when it is a header; a row that looks like a header but is not one is a problem. */
function headerLayout(cells: string[], columns: readonly string[]): Layout | string | undefined {
  const lower = cells.map((c) => c.toLowerCase());
  const order = columns.map((c) => lower.indexOf(c.toLowerCase()));
  if (order.every((i) => i >= 0)) return { names: cells.map((c, i) => columns.find((m) => m.toLowerCase() === lower[i]) ?? c), order };
  if (lower.includes(columns[0]!.toLowerCase())) return `a header row needs the columns ${columns.join(", ")} (in any order)`;
  return undefined;
}

/**
 * The rows of the file, streamed, each with its 1-based line number. Problems name the line and, where there is one,
 * the column by its name (never a 0-based field number).
 */
export async function* readRows(path: string, columns: readonly string[]): AsyncGenerator<FileRow> {
  const headerless: Layout = { names: columns, order: columns.map((_, i) => i) };
  let layout: Layout | undefined;
  for await (const row of readCsvLines(path)) {
    const current = layout ?? headerless;
    if ("problem" in row) {
      const column = row.problem.cell === undefined ? undefined : (current.names[row.problem.cell] ?? `column ${row.problem.cell + 1}`);
      yield { line: row.line, problem: row.problem.message, column };
      continue;
    }
    if (!layout) {
      const header = headerLayout(row.cells, columns);
      layout = typeof header === "object" ? header : headerless;
      if (typeof header === "string") yield { line: row.line, problem: header };
      if (header !== undefined) continue;
    }
    if (row.cells.length !== layout.names.length) {
      yield { line: row.line, problem: `expected ${layout.names.length} columns (${layout.names.join(", ")}), got ${row.cells.length}` };
      continue;
    }
    yield { line: row.line, cells: Object.fromEntries(columns.map((c, i) => [c, row.cells[layout!.order[i]!]!])) };
  }
}
