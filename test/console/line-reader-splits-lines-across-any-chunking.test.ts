// The line reader gives the same lines however the bytes are chunked (even inside a UTF-8
// character), drops CR before LF, turns bad UTF-8 into U+FFFD, and reports an overlong line once,
// then reads the next line normally.
import test from "ava";
import fc from "fast-check";
import { LineReader } from "../../firmware/stack/console-lines.ts";

function read(chunks: Uint8Array[], maxLineBytes = 64) {
  const out: string[] = [];
  const reader = new LineReader({ maxLineBytes, onLine: (l) => out.push(l), onOverflow: (n) => out.push(`<overflow ${n}>`) });
  for (const c of chunks) reader.push(c);
  return { out, pending: reader.pending };
}

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

const rows: Array<[name: string, input: Uint8Array, lines: string[]]> = [
  ["LF and CRLF", bytes("info\r\nstatus\n"), ["info", "status"]],
  ["blank lines are lines", bytes("\n\r\n"), ["", ""]],
  ["Vietnamese", bytes("Trạm y tế\n"), ["Trạm y tế"]],
  ["bad UTF-8 becomes U+FFFD", Uint8Array.from([0x61, 0xff, 0xc3, 0x28, 0x0a]), ["a\ufffd\ufffd("]],
  ["overlong encoding refused", Uint8Array.from([0xc0, 0xaf, 0x0a]), ["\ufffd\ufffd"]],
  ["a truncated character at the line end", Uint8Array.from([0x61, 0xe1, 0xba, 0x0a]), ["a\ufffd\ufffd"]],
  ["too long, then fine", bytes("x".repeat(100) + "\nok\n"), ["<overflow 100>", "ok"]],
  ["exactly at the limit", bytes("y".repeat(64) + "\r\n"), ["y".repeat(64)]],
  ["one over the limit", bytes("y".repeat(65) + "\n"), ["<overflow 65>"]],
];

for (const [name, input, lines] of rows) {
  test(`${name}: whole, and in every two-piece split`, (t) => {
    t.deepEqual(read([input]).out, lines);
    for (let cut = 0; cut <= input.length; cut++) t.deepEqual(read([input.subarray(0, cut), input.subarray(cut)]).out, lines, `cut at ${cut}`);
  });
}

test("random chunking never changes the lines", (t) => {
  const text = "provision 1234abcd {\"name\":\"Trạm y tế 🚑\"}\ninfo\r\nlog 5\n";
  const input = bytes(text);
  const whole = read([input]).out;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 80 }), (sizes) => {
      const chunks: Uint8Array[] = [];
      let at = 0;
      for (const n of sizes) {
        if (at >= input.length) break;
        chunks.push(input.subarray(at, at + n));
        at += n;
      }
      chunks.push(input.subarray(at));
      return JSON.stringify(read(chunks, 128).out) === JSON.stringify(whole);
    }),
    { numRuns: 200, seed: 7 },
  );
  t.deepEqual(whole, ['provision 1234abcd {"name":"Trạm y tế 🚑"}', "info", "log 5"]);
});

test("bytes after the last LF wait for the rest of their line", (t) => {
  const { out, pending } = read([bytes("info\nsta")]);
  t.deepEqual(out, ["info"]);
  t.is(pending, 3);
});

test("options are validated", (t) => {
  t.throws(() => new LineReader({ maxLineBytes: 8, onLine: () => undefined, onOverflow: () => undefined }), { instanceOf: RangeError, message: /maxLineBytes/ });
  t.throws(() => new LineReader({ maxLineBytes: 64, onLine: undefined as never, onOverflow: () => undefined }), { instanceOf: TypeError, message: /onLine/ });
});
