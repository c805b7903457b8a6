/**
 * Reads CSV traces (docs/traces.md): a header `t_ms,<signal>[,<signal>…]` (one signal: usually
 * `t_ms,level`), then one row per instant with the time in ms (fractions allowed, never
 * decreasing) and every signal's level (0 or 1) from that instant on. The first row gives the
 * levels from t = 0; the last row's time is the end of the capture. Names may be double-quoted
 * (RFC 4180) when they contain commas or quotes. Blank lines are skipped; CRLF is accepted.
 */
import { parseError } from "./trace-errors.ts";
import { SignalBuilder, type Level, type Trace } from "./trace.ts";

/** Splits one CSV line into fields; double-quoted fields may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined; // unterminated quote
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ",") return undefined;
      i++;
    } else {
      const c = line.indexOf(",", i);
      if (c < 0) {
        fields.push(line.slice(i).trim());
        return fields;
      }
      fields.push(line.slice(i, c).trim());
      i = c + 1;
    }
  }
}

/**
 * @param text the file's content.
 * @param file the file name, for messages.
 * @throws UsageError E_TRACE_PARSE naming `file:line`.
 */
export function readCsv(text: string, file: string): Trace {
  let builders: SignalBuilder[] | undefined;
  let last = 0;
  let rows = 0;
  let lineNo = 0;
  for (const raw of text.split("\n")) {
    lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    const fields = splitCsvLine(line);
    if (!fields) throw parseError(file, lineNo, "unterminated or misplaced double quote");
    if (!builders) {
      if (fields[0] !== "t_ms") throw parseError(file, lineNo, `the header must start with "t_ms", e.g. "t_ms,level"; got "${fields[0]}"`);
      if (fields.length < 2) throw parseError(file, lineNo, `the header names no signal: expected e.g. "t_ms,level"`);
      const names = fields.slice(1);
      const dup = names.find((n, k) => n === "" || names.indexOf(n) !== k);
      if (dup !== undefined) throw parseError(file, lineNo, dup === "" ? "empty signal name in the header" : `signal "${dup}" appears twice in the header`);
      builders = names.map((n) => new SignalBuilder(n));
      continue;
    }
    if (fields.length !== builders.length + 1) {
      throw parseError(file, lineNo, `expected ${builders.length + 1} fields (t_ms and ${builders.length} level(s)), got ${fields.length}`);
    }
    const t = fields[0] === "" ? NaN : Number(fields[0]);
    if (!Number.isFinite(t) || t < 0) throw parseError(file, lineNo, `t_ms must be a number of ms, 0 or more; got "${fields[0]}"`);
    if (rows > 0 && t < last) throw parseError(file, lineNo, `time goes back: ${t} ms after ${last} ms`);
    for (let k = 0; k < builders.length; k++) {
      const v = fields[k + 1];
      if (v !== "0" && v !== "1") throw parseError(file, lineNo, `level of "${builders[k].name}" must be 0 or 1; got "${v}"`);
      builders[k].add(t, (v === "0" ? 0 : 1) as Level);
    }
    last = t;
    rows++;
  }
  if (!builders) throw parseError(file, lineNo, `empty file: expected a header "t_ms,level" and rows`);
  if (rows === 0) throw parseError(file, lineNo, "no rows after the header");
  return { source: file, signals: builders.map((b) => b.build()!), endMs: last };
}
