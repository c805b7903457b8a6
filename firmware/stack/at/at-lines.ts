/**
 * Frames a modem's output into lines (ITU-T V.250 §5.7.1: responses are `<CR><LF>text<CR><LF>`)
 * and the SMS prompt `> ` (TS 27.005 §3.5.1), which comes with no line end.
 *
 * Any split of the bytes gives the same items (the UART may hand over one byte or many); empty
 * lines are skipped; a line longer than `maxLineChars` is dropped whole and reported `overlong`
 * (garbage, or a baud-rate mismatch), so a stream of noise never grows the buffer. Bytes are read
 * as Latin-1: AT responses are ASCII, PDUs are hex.
 */

/** What the framer found. */
export type AtItem = { kind: "line"; text: string } | { kind: "prompt" } | { kind: "overlong"; chars: number };

/** The longest line kept by default: a `+CMT` PDU line of 176 octets of TPDU + 12 of SMSC is 376 hex characters. */
export const AT_LINE_MAX_CHARS = 1024;

const CR = 13;
const LF = 10;

/** Options of `AtLineReader`. */
export interface AtLineReaderOptions {
  /** Longest line kept, characters, 16…65536 (default `AT_LINE_MAX_CHARS`). */
  maxLineChars?: number;
}

/** Incremental framer: `push(bytes)` returns the items completed by these bytes. */
export class AtLineReader {
  private buf = "";
  private dropped = 0;
  private readonly max: number;

  /** @throws RangeError for a `maxLineChars` outside 16…65536. */
  constructor(options: AtLineReaderOptions = {}) {
    const max = options.maxLineChars ?? AT_LINE_MAX_CHARS;
    if (!Number.isInteger(max) || max < 16 || max > 65536) throw new RangeError(`maxLineChars must be an integer 16…65536, got ${max}`);
    this.max = max;
  }

  /** Feeds bytes; never throws. */
  push(bytes: Uint8Array): AtItem[] {
    const out: AtItem[] = [];
    for (const b of bytes) {
      if (b === CR || b === LF) {
        if (this.dropped > 0) out.push({ kind: "overlong", chars: this.dropped });
        else if (this.buf.length > 0) out.push({ kind: "line", text: this.buf });
        this.buf = "";
        this.dropped = 0;
        continue;
      }
      if (this.dropped > 0) {
        this.dropped++;
        continue;
      }
      this.buf += String.fromCharCode(b);
      if (this.buf.length > this.max) {
        this.dropped = this.buf.length;
        this.buf = "";
        continue;
      }
      if (this.buf === "> ") {
        out.push({ kind: "prompt" });
        this.buf = "";
      }
    }
    return out;
  }
}
