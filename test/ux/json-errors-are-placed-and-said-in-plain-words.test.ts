/**
 * A scenario or registry that is not valid JSON is refused with the line and column of the first
 * mistake and what to do about it, in plain words (issue 16; `tools/json-text.ts`). One row per
 * kind of mistake an installer makes when editing a file by hand.
 */
import test from "ava";
import { locateJsonError, parseJsonText } from "../../tools/json-text.ts";

const rows: Array<[text: string, line: number, column: number, reason: string]> = [
  ['{\n "devices": [1,,]\n}', 2, 16, 'unexpected ","'],
  ['{\n "a": [1, 2\n', 3, 1, "the text ends before the JSON does (a bracket, brace or quote is not closed)"],
  ["", 1, 1, "the text ends before the JSON does (a bracket, brace or quote is not closed)"],
  ['{"a" 1}', 1, 6, 'expected ":" after the name, found "1"'],
  ['{"a": 1 "b": 2}', 1, 9, 'expected "," or "}", found "\\"" (a comma may be missing)'],
  ["[1, 2,]", 1, 7, 'a "," before "]" (remove the last comma)'],
  ['{"a": 1,\n}', 2, 1, 'a "," before "}" (remove the last comma)'],
  ['{"a": "x\ny"}', 1, 9, "a line break inside a string (close the quote on the same line)"],
  ['{"a": "\t"}', 1, 8, "a tab inside a string (close the quote on the same line)"],
  ['{"a": "\\q"}', 1, 7, "a backslash that starts no valid escape"],
  ["{} x", 1, 4, 'more text after the end of the JSON value: "x"'],
  ['{"a": 1} // note', 1, 10, "a comment (JSON has none: remove it)"],
  ['{"tên": "Trạm y tế",, "x": 1}', 1, 21, 'expected a name in double quotes, found ","'],
];

for (const [text, line, column, reason] of rows) {
  test(`${JSON.stringify(text)} is refused at line ${line}, column ${column}: ${reason}`, (t) => {
    const r = parseJsonText(text);
    t.false(r.ok);
    t.deepEqual(locateJsonError(text), { line, column, reason });
  });
}

test("valid JSON parses to its value", (t) => {
  t.deepEqual(parseJsonText('{"a": [1, "ư"]}'), { ok: true, value: { a: [1, "ư"] } });
});
