/**
 * JSON text with a place for its first error (issue 16): Node's `JSON.parse` names no line or
 * column for most mistakes ("Unexpected end of JSON input", or a quote of the text across a line
 * break), so a file's reader cannot point the user at the place to fix. `parseJsonText` parses
 * with `JSON.parse` and, when that fails, asks Microsoft's `jsonc-parser` (strict: no comments,
 * no trailing commas) where the text first goes wrong, and says it in plain words.
 */
import { parse as scanJson, ParseErrorCode, type ParseError } from "jsonc-parser";

/** Where and why JSON text is not valid: 1-based line and column (in characters). */
export interface JsonTextError {
  line: number;
  column: number;
  /** One line of plain words, e.g. `unexpected ","` or `the text ends before the JSON does`. */
  reason: string;
}

/** The parsed value, or where the text first goes wrong. */
export type JsonTextResult = { ok: true; value: unknown } | { ok: false; error: JsonTextError };

/** Parses JSON text; never throws. */
export function parseJsonText(text: string): JsonTextResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: locateJsonError(text) };
  }
}

/** `line L, column C: reason` for an error, for messages. */
export function describeJsonError(e: JsonTextError): string {
  return `line ${e.line}, column ${e.column}: ${e.reason}`;
}

const UNCLOSED = "the text ends before the JSON does (a bracket, brace or quote is not closed)";

/** A character as a reader names it. */
const shown = (c: string) => (c === "\n" || c === "\r" ? "line break" : c === "\t" ? "tab" : c.trim() === "" ? "space" : JSON.stringify(c));

/** Whether `text` is one whole JSON value (so what follows it is extra). */
const isWholeValue = (text: string) => {
  try {
    JSON.parse(text);
    return text.trim() !== "";
  } catch {
    return false;
  }
};

/** Plain words for the first error `jsonc-parser` found, judged by the text at its offset. */
function reasonFor(text: string, e: ParseError): { at: number; reason: string } {
  const at = Math.min(e.offset, text.length);
  const c = text[at];
  const atEnd = at >= text.length || text.slice(at).trim() === "";
  switch (e.error) {
    case ParseErrorCode.UnexpectedEndOfString:
      return { at: e.offset + e.length, reason: c === '"' && /[\r\n]/.test(text.slice(at, e.offset + e.length + 1)) ? `a line break inside a string (close the quote on the same line)` : UNCLOSED };
    case ParseErrorCode.InvalidCharacter: {
      // Inside a string: a control character (a tab or line break typed into the quotes).
      const bad = [...text.slice(at, at + e.length)].findIndex((ch) => ch < " ");
      return bad >= 0 ? { at: at + bad, reason: `a ${shown(text[at + bad]!)} inside a string (close the quote on the same line)` } : { at, reason: `unexpected ${shown(c ?? "")}` };
    }
    case ParseErrorCode.InvalidEscapeCharacter:
    case ParseErrorCode.InvalidUnicode:
      return { at, reason: "a backslash that starts no valid escape" };
    case ParseErrorCode.EndOfFileExpected:
      return { at, reason: `more text after the end of the JSON value: ${shown(c ?? "")}` };
    case ParseErrorCode.InvalidCommentToken:
      return { at, reason: "a comment (JSON has none: remove it)" };
    default:
      break;
  }
  if (atEnd) return { at: text.length, reason: UNCLOSED };
  if (isWholeValue(text.slice(0, at))) return { at, reason: `more text after the end of the JSON value: ${shown(c!)}` };
  // A value, name or separator was expected here and something else stands.
  if (c === "}" || c === "]") {
    const before = text.slice(0, at).trimEnd();
    if (before.endsWith(",")) return { at, reason: `a "," before "${c}" (remove the last comma)` };
  }
  if (e.error === ParseErrorCode.CommaExpected) {
    return { at, reason: `expected "," or "${text.lastIndexOf("[", at) > text.lastIndexOf("{", at) ? "]" : "}"}", found ${shown(c!)} (a comma may be missing)` };
  }
  if (e.error === ParseErrorCode.PropertyNameExpected) return { at, reason: `expected a name in double quotes, found ${shown(c!)}` };
  if (e.error === ParseErrorCode.ColonExpected) return { at, reason: `expected ":" after the name, found ${shown(c!)}` };
  return { at, reason: `unexpected ${shown(c!)}` };
}

/**
 * The first place `text` is not valid JSON (the whole text must be one value). For text that
 * `JSON.parse` refuses but the scanner accepts (none is known), line 1, column 1, "not valid JSON".
 */
export function locateJsonError(text: string): JsonTextError {
  const errors: ParseError[] = [];
  scanJson(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors.sort((a, b) => a.offset - b.offset)[0];
  const { at, reason } = first ? reasonFor(text, first) : { at: 0, reason: "not valid JSON" };
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
  return { line, column, reason };
}
