/**
 * Claim: docs/protocol.md tells the truth about the codec: its frame-size table matches the
 * constants and the encoder's output, and its layout tables put every field (header, body, tag)
 * at exactly the offset and size where the encoder writes it, big-endian, with no gaps.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BODY_BYTES, FRAME, FRAME_BYTES, FRAME_VERSION } from "../../firmware/core/frame/constants.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import { MessageKind, type Frame, type MessageKindName } from "../../firmware/core/frame/types.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const doc = readFileSync(path.join(repoRoot, "docs/protocol.md"), "utf8");

/** Rows (cells, backticks removed) of the table between `<!-- NAME:begin -->` and `<!-- NAME:end -->`. */
function table(name: string): string[][] {
  const begin = doc.indexOf(`<!-- ${name}:begin -->`);
  const end = doc.indexOf(`<!-- ${name}:end -->`);
  if (begin < 0 || end < begin) throw new Error(`docs/protocol.md has no table "${name}"`);
  return doc
    .slice(begin, end)
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2) // header row and separator
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim().replace(/`/g, "")));
}

const KINDS = Object.keys(MessageKind) as MessageKindName[];
const TAG = Uint8Array.from({ length: FRAME.tagBytes }, (_, i) => 0xd0 + i);
// Distinct bytes in every field, so a wrong offset or byte order cannot match by chance.
const SAMPLE: { [K in MessageKindName]: Frame } = {
  alarm: { kind: "alarm", incident: 0xbbcc_ddee, boot: 0x0f1e_2d3c, seq: 0x99aa, sender: 0x1122_3344, counter: 0x5566_7788 },
  heartbeat: { kind: "heartbeat", status: 0x07, uptimeS: 0x0102_0304, seq: 0x99aa, sender: 0x1122_3344, counter: 0x5566_7788 },
  operator_ack: { kind: "operator_ack", incident: 0xbbcc_ddee, seq: 0x99aa, sender: 0x1122_3344, counter: 0x5566_7788 },
  resolved: { kind: "resolved", incident: 0xbbcc_ddee, seq: 0x99aa, sender: 0x1122_3344, counter: 0x5566_7788 },
  ack: { kind: "ack", ackKind: "heartbeat", ackSeq: 0xcafe, seq: 0x99aa, sender: 0x1122_3344, counter: 0x5566_7788 },
};
const TYPE_BYTES: Record<string, number> = { u8: 1, u16: 2, u32: 4 };

test("the frame-size table matches the constants and the encoder, every frame ≤ 250 bytes", (t) => {
  const rows = table("frame-sizes");
  t.deepEqual(rows.map((r) => r[0]).sort(), [...KINDS].sort());
  for (const [kind, code, header, body, tag, frame] of rows) {
    const k = kind as MessageKindName;
    t.is(Number(code), MessageKind[k], `${kind} code`);
    t.is(Number(header), FRAME.headerBytes, `${kind} header`);
    t.is(Number(body), BODY_BYTES[k], `${kind} body`);
    t.is(Number(tag), FRAME.tagBytes, `${kind} tag`);
    t.is(Number(frame), FRAME_BYTES[k], `${kind} frame`);
    t.is(encodeFrame(SAMPLE[k], () => TAG).length, FRAME_BYTES[k], `${kind} encoded`);
    t.true(FRAME_BYTES[k] <= FRAME.maxBytes);
  }
  t.is(FRAME.maxBodyBytes, FRAME.maxBytes - FRAME.headerBytes - FRAME.tagBytes);
});

for (const kind of KINDS) {
  test(`the layout of ${kind} in the doc is where the encoder writes each field`, (t) => {
    const rows = [...table("layout:header"), ...table(`layout:${kind}`)].map(([offset, size, field, type]) => ({
      offset: Number(offset),
      size: Number(size),
      field: field!,
      type: type!,
    }));
    const bytes = encodeFrame(SAMPLE[kind], () => TAG);
    const view = new DataView(bytes.buffer);
    const sample = SAMPLE[kind] as unknown as Record<string, unknown>;
    let next = 0;
    for (const row of rows) {
      t.is(row.offset, next, `${row.field} starts where the previous field ends`);
      next = row.offset + row.size;
      const actual = bytes.subarray(row.offset, row.offset + row.size);
      if (row.field === "tag") {
        t.deepEqual(actual, TAG, "tag");
        continue;
      }
      t.is(TYPE_BYTES[row.type], row.size, `${row.field}: size matches type ${row.type}`);
      const read = row.size === 1 ? view.getUint8(row.offset) : row.size === 2 ? view.getUint16(row.offset, false) : view.getUint32(row.offset, false);
      const expected =
        row.field === "version" ? FRAME_VERSION
        : row.field === "kind" ? MessageKind[kind]
        : row.field === "ackKind" ? MessageKind[sample.ackKind as MessageKindName]
        : (sample[row.field] as number);
      t.is(read, expected, `${row.field} at ${row.offset}`);
    }
    t.is(next, bytes.length, "the table covers the whole frame");
    t.is(rows[rows.length - 1]!.field, "tag", "the tag ends the frame");
  });
}
