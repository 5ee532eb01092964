// CSV in and out, streamed: physical lines in (each parsed by csv-parse on its own, so a stray quote spoils only its
// own line), csv-stringify out with every cell neutralised against spreadsheet formula injection.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Transform, Writable } from "node:stream";
import { CsvError, parse } from "csv-parse/sync";
import { type Stringifier, stringify } from "csv-stringify";

/** One non-blank line of a CSV file: its 1-based line number and its cells, or what is wrong with it. */
export type CsvLine = { line: number; cells: string[] } | { line: number; problem: CsvProblem };

export interface CsvProblem {
  /** 0-based index of the cell where the problem is, when csv-parse says. */
  cell?: number;
  message: string;
}

// Lines without a double quote are parsed in blocks (a block cannot hide a quote error: it has no quote); a line with a
// quote is parsed alone. One csv-parse stream over the whole file would be simpler, but after a stray quote its state
// runs on into the following lines and swallows them (a `"q"z` cell hides the next row), and every bad row must be named.
const BLOCK_LINES = 256;
const parseOptions = { trim: true, relax_column_count: true } as const;

const problems: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a double quote inside an unquoted cell: quote the whole cell and double the inner quote ("5""123")',
  CSV_INVALID_CLOSING_QUOTE: "text after a closing double quote: a quoted cell must end at its quote",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "text after a closing double quote: a quoted cell must end at its quote",
  CSV_QUOTE_NOT_CLOSED: "a double quote opens a cell that is not closed on this line (a cell cannot span lines)",
};

function parseLine(text: string, line: number): CsvLine {
  try {
    const [cells = []] = parse(text, parseOptions) as string[][];
    return { line, cells };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const cell = (error as CsvError & { index?: number }).index;
    return { line, problem: { cell, message: problems[error.code] ?? `not valid CSV (${error.code})` } };
  }
}

function parseBlock(block: { text: string; line: number }[]): CsvLine[] {
  const records = parse(block.map((b) => b.text).join("\n"), parseOptions) as string[][];
  // Blank lines are dropped before a block is made, so records and lines pair up one to one.
  return records.map((cells, i) => ({ line: block[i]!.line, cells }));
}

/** The non-blank lines of a CSV file, streamed, in order; a UTF-8 byte order mark is ignored. */
export async function* readCsvLines(path: string): AsyncGenerator<CsvLine> {
  const input = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let block: { text: string; line: number }[] = [];
  try {
    for await (let text of lines) {
      line++;
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim() === "") continue;
      if (!text.includes('"')) {
        block.push({ text, line });
        if (block.length < BLOCK_LINES) continue;
        yield* parseBlock(block);
        block = [];
        continue;
      }
      if (block.length) yield* parseBlock(block);
      block = [];
      yield parseLine(text, line);
    }
    if (block.length) yield* parseBlock(block);
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * OWASP's CSV-injection guidance: a cell a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
 * return) gets a leading apostrophe, which spreadsheets take as "this is text" and do not show. A cell that already
 * starts with an apostrophe gets one more, so `restoreCell` reads every cell back exactly.
 */
export const neutraliseCell = (value: string): string => (/^[=+\-@\t\r']/.test(value) ? `'${value}` : value);

/** The value crmkit neutralised: one leading apostrophe less. */
export const restoreCell = (value: string): string => (value.startsWith("'") ? value.slice(1) : value);

/** Where records are written: a file or stdout (a stream), or a test's collector. */
export type Destination = Writable | { write(chunk: string): unknown };

/** `encoder`'s output piped to `destination` (ended with it when `end`), however the destination takes text. */
export function encodeTo<T extends Transform>(encoder: T, destination: Destination, end: boolean): T {
  if (typeof (destination as Writable).on === "function") encoder.pipe(destination as Writable, { end });
  else encoder.on("data", (chunk: Buffer | string) => destination.write(chunk.toString()));
  return encoder;
}

/**
 * A csv-stringify stream: RFC 4180 quoting, every string cell neutralised, line breaks inside a cell (a vendor's error
 * message) turned into spaces so every record stays on one line.
 */
export const csvEncoder = (): Stringifier => stringify({ cast: { string: (value) => neutraliseCell(value.replace(/[\r\n]+/g, " ")) } });
