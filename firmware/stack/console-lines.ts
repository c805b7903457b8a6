/**
 * Splits the bytes a console receives into lines: LF ends a line, a CR before it is dropped,
 * each line is decoded from UTF-8 (an invalid sequence becomes U+FFFD; never throws). A line
 * longer than `maxLineBytes` is discarded up to its LF and reported once through `onOverflow`,
 * so a flood of garbage costs bounded memory and still yields an answer.
 *
 * Platform-free (no TextDecoder): the device adapter feeds it what the UART gave, the simulator
 * what its pseudo-terminal gave; chunk boundaries may fall anywhere, even inside a character.
 */

/** Options of `LineReader`. */
export interface LineReaderOptions {
  /** Longest line accepted, bytes (LF and CR not counted), 16…65536. */
  maxLineBytes: number;
  /** Each complete line, without its line end. */
  onLine(line: string): void;
  /** A line was longer than `maxLineBytes` and was discarded; `bytes` is its length. */
  onOverflow(bytes: number): void;
}

/** Bounds of `maxLineBytes`. */
const MAX_LINE_BYTES_RANGE = { min: 16, max: 65_536 } as const;

const LF = 0x0a;
const CR = 0x0d;

/** Line splitter over byte chunks. */
export class LineReader {
  readonly #options: LineReaderOptions;
  readonly #buffer: Uint8Array;
  #length = 0;
  /** Bytes of the current line beyond the limit (0 = not overflowing). */
  #dropped = 0;

  /** @throws RangeError naming `maxLineBytes`; TypeError naming a missing callback. */
  constructor(options: LineReaderOptions) {
    const { maxLineBytes } = options;
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < MAX_LINE_BYTES_RANGE.min || maxLineBytes > MAX_LINE_BYTES_RANGE.max) {
      throw new RangeError(`maxLineBytes: must be an integer ${MAX_LINE_BYTES_RANGE.min}…${MAX_LINE_BYTES_RANGE.max}, got ${maxLineBytes}`);
    }
    if (typeof options.onLine !== "function") throw new TypeError("onLine: must be a function");
    if (typeof options.onOverflow !== "function") throw new TypeError("onOverflow: must be a function");
    this.#options = options;
    this.#buffer = new Uint8Array(maxLineBytes + 1); // + a trailing CR, dropped at LF
  }

  /** Feeds received bytes; calls `onLine`/`onOverflow` for each line they complete. */
  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === LF) {
        this.#endLine();
        continue;
      }
      if (this.#dropped > 0) {
        this.#dropped++;
      } else if (this.#length < this.#buffer.length) {
        this.#buffer[this.#length++] = b;
      } else {
        this.#dropped = this.#length + 1;
        this.#length = 0;
      }
    }
  }

  /** Bytes held for the line in progress. */
  get pending(): number {
    return this.#length;
  }

  #endLine(): void {
    if (this.#dropped > 0) {
      const bytes = this.#dropped;
      this.#dropped = 0;
      this.#options.onOverflow(bytes);
      return;
    }
    let end = this.#length;
    if (end > 0 && this.#buffer[end - 1] === CR) end--;
    this.#length = 0;
    if (end > this.#options.maxLineBytes) {
      this.#options.onOverflow(end);
      return;
    }
    this.#options.onLine(decodeUtf8(this.#buffer, 0, end));
  }
}

/**
 * Decodes UTF-8 bytes `[start, end)` to a string; malformed, overlong or surrogate sequences
 * become U+FFFD (one per bad byte). Never throws.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? (b <= 0xef ? 2 : -1) : b >= 0xc2 ? 1 : -1;
    if (need < 0 || i + need >= end) {
      out += "\ufffd";
      i++;
      continue;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += "\ufffd";
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}
