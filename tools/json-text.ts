/**
 * JSON text with a place for its first error (issue 16): Node's `JSON.parse` names no line or
 * column for most mistakes ("Unexpected end of JSON input", or a quote of the text across a line
 * break), so a file's reader cannot point the user at the place to fix. `parseJsonText` parses
 * with `JSON.parse` and, when that fails, scans the text (RFC 8259 grammar) for the first place
 * it goes wrong.
 */

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

class Stop {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

/** The first place `text` is not valid JSON (the whole text must be one value). */
export function locateJsonError(text: string): JsonTextError {
  let i = 0;
  const end = () => new Stop(text.length, "the text ends before the JSON does (a bracket, brace or quote is not closed)");
  const unexpected = (what: string) => new Stop(i, `unexpected ${what}`);
  const shown = (c: string) => (c === "\n" ? "line break" : c.trim() === "" ? "space" : JSON.stringify(c));
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const value = (): void => {
    ws();
    if (i >= text.length) throw end();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (i >= text.length) throw end();
        if (text[i] !== '"') throw new Stop(i, `expected a name in double quotes, found ${shown(text[i])}`);
        string();
        ws();
        if (i >= text.length) throw end();
        if (text[i] !== ":") throw new Stop(i, `expected ":" after the name, found ${shown(text[i])}`);
        i++;
        value();
        ws();
        if (i >= text.length) throw end();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "}") throw new Stop(i, 'a "," before "}" (remove the last comma)');
          continue;
        }
        if (text[i] === "}") return void i++;
        throw new Stop(i, `expected "," or "}", found ${shown(text[i])} (a comma may be missing)`);
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (i >= text.length) throw end();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "]") throw new Stop(i, 'a "," before "]" (remove the last comma)');
          continue;
        }
        if (text[i] === "]") return void i++;
        throw new Stop(i, `expected "," or "]", found ${shown(text[i])} (a comma may be missing)`);
      }
    }
    if (c === '"') return string();
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0] !== "" && m[0] !== "-") return void (i += m[0].length);
    for (const word of ["true", "false", "null"]) if (text.startsWith(word, i)) return void (i += word.length);
    throw unexpected(shown(c));
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw end();
      const c = text[i];
      if (c === '"') return void i++;
      if (c === "\\") {
        const n = text[i + 1];
        if (n === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else throw new Stop(i, "a backslash that starts no valid escape");
        continue;
      }
      if (c < " ") throw new Stop(i, `a ${shown(c)} inside a string (close the quote on the same line)`);
      i++;
    }
  };
  let stop: Stop;
  try {
    value();
    ws();
    stop = i < text.length ? new Stop(i, `more text after the end of the JSON value: ${shown(text[i])}`) : new Stop(0, "not valid JSON");
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    stop = e;
  }
  const before = text.slice(0, stop.at);
  const line = before.split("\n").length;
  const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
  return { line, column, reason: stop.reason };
}
