/**
 * Reads Value Change Dump files (IEEE 1364-2005 §18), as logic analyzers write them (sigrok /
 * PulseView `-O vcd`): several 1-bit signals with short identifiers (`!`, `"`), several value
 * changes on one `#time` line, timescales such as `1 us` and `1 ns`, references with spaces
 * (`IR Toy IRRX`), and a last `#time` with no values that marks the end of the capture.
 *
 * Handled: `$timescale` (1, 10 or 100 s/ms/us/ns/ps/fs; 1 ns if absent), `$var` of width 1
 * (wider vectors are skipped, as are their `b…`/`r…` changes), `$scope`/`$upscope` (names are
 * not prefixed), `$dumpvars`/`$dumpall`/`$dumpon`/`$dumpoff` blocks, `$comment` anywhere, scalar
 * changes `0!`/`1!` and 1-bit vector changes `b1 !`. A signal's first value gives its level from
 * t = 0. Refused (E_TRACE_PARSE, with the line): `x`/`z` values, unknown identifiers, time going
 * back, a body before `$enddefinitions`, no signals.
 */
import { parseError } from "./trace-errors.ts";
import { SignalBuilder, type Level, type Trace, type TraceSignal } from "./trace.ts";

/** ms per time unit, as a multiplier (units ≥ 1 ms) or a divisor (finer), so that conversion is exact. */
interface Timescale {
  mul: number;
  div: number;
}

const UNIT_EXPONENT: Readonly<Record<string, number>> = { s: 3, ms: 0, us: -3, ns: -6, ps: -9, fs: -12 };

function parseTimescale(text: string, file: string, line: number): Timescale {
  const m = /^(1|10|100)\s*(s|ms|us|ns|ps|fs)$/.exec(text.trim());
  if (!m) throw parseError(file, line, `bad $timescale "${text.trim()}": expected e.g. "1 us" or "10 ns"`);
  const exponent = UNIT_EXPONENT[m[2]] + Math.log10(Number(m[1]));
  return exponent >= 0 ? { mul: 10 ** exponent, div: 1 } : { mul: 1, div: 10 ** -exponent };
}

/**
 * @param text the file's content.
 * @param file the file name, for messages.
 * @throws UsageError E_TRACE_PARSE naming `file:line`.
 */
export function readVcd(text: string, file: string): Trace {
  let timescale: Timescale = { mul: 1, div: 1e6 }; // 1 ns
  const byId = new Map<string, SignalBuilder[]>();
  const order: SignalBuilder[] = [];
  const skipped = new Set<string>(); // identifiers of vectors wider than 1 bit
  let inBody = false;
  let block: { keyword: string; line: number; tokens: string[] } | undefined;
  let time = 0;
  let seenTime = false;
  let pendingVector: { value: string; line: number } | undefined;

  const toMs = (units: number) => (timescale.div === 1 ? units * timescale.mul : units / timescale.div);

  const change = (value: string, id: string, line: number) => {
    if (skipped.has(id)) return;
    const targets = byId.get(id);
    if (!targets) throw parseError(file, line, `value change for undeclared identifier "${id}"`);
    let level: Level;
    if (value === "0" || value === "1") level = value === "0" ? 0 : 1;
    else if (/^[xXzZ]$/.test(value)) throw parseError(file, line, `value "${value}" (unknown or high impedance) for "${id}": only 0 and 1 are supported`);
    else throw parseError(file, line, `bad value "${value}" for "${id}"`);
    const t = toMs(time);
    for (const b of targets) b.add(t, level);
  };

  const endBlock = () => {
    const { keyword, line, tokens } = block!;
    block = undefined;
    switch (keyword) {
      case "$timescale":
        timescale = parseTimescale(tokens.join(" "), file, line);
        return;
      case "$var": {
        if (tokens.length < 4) throw parseError(file, line, `bad $var: expected "$var wire 1 <id> <name> $end"`);
        const width = Number(tokens[1]);
        const id = tokens[2];
        if (width !== 1) {
          skipped.add(id);
          return;
        }
        const b = new SignalBuilder(tokens.slice(3).join(" "));
        const list = byId.get(id);
        if (list) list.push(b);
        else byId.set(id, [b]);
        order.push(b);
        return;
      }
      case "$enddefinitions":
        inBody = true;
        return;
      default: // $date, $version, $comment, $scope, $upscope, $dumpvars … $end
        return;
    }
  };

  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const tokens = lines[n].split(/\s+/);
    for (const tok of tokens) {
      if (tok === "") continue;
      if (block) {
        if (tok === "$end") endBlock();
        else block.tokens.push(tok);
        continue;
      }
      if (pendingVector) {
        const { value } = pendingVector;
        pendingVector = undefined;
        if (value.startsWith("b") || value.startsWith("B")) {
          const bits = value.slice(1);
          if (!/^[01xXzZ]+$/.test(bits)) throw parseError(file, lineNo, `bad vector value "${value}"`);
          if (!skipped.has(tok)) change(bits[bits.length - 1], tok, lineNo);
        } else if (!skipped.has(tok)) {
          throw parseError(file, lineNo, `real value "${value}" for 1-bit signal "${tok}"`);
        }
        continue;
      }
      const c = tok[0];
      if (c === "$") {
        if (!inBody) {
          block = { keyword: tok, line: lineNo, tokens: [] };
          continue;
        }
        if (tok === "$comment") block = { keyword: tok, line: lineNo, tokens: [] };
        else if (tok === "$dumpvars" || tok === "$dumpall" || tok === "$dumpon" || tok === "$dumpoff" || tok === "$end") continue;
        else throw parseError(file, lineNo, `unexpected "${tok}" after $enddefinitions`);
        continue;
      }
      if (!inBody) throw parseError(file, lineNo, `"${tok}" before $enddefinitions`);
      if (c === "#") {
        const t = Number(tok.slice(1));
        if (!/^#\d+$/.test(tok) || !Number.isSafeInteger(t)) throw parseError(file, lineNo, `bad time "${tok}"`);
        if (seenTime && t < time) throw parseError(file, lineNo, `time goes back: #${t} after #${time}`);
        time = t;
        seenTime = true;
      } else if (c === "b" || c === "B" || c === "r" || c === "R") {
        pendingVector = { value: tok, line: lineNo };
      } else {
        change(c, tok.slice(1), lineNo);
      }
    }
  }
  if (block) throw parseError(file, block.line, `${block.keyword} without $end`);
  if (!inBody) throw parseError(file, lines.length, "no $enddefinitions: not a VCD file?");
  if (pendingVector) throw parseError(file, pendingVector.line, `vector value "${pendingVector.value}" without an identifier`);
  const signals: TraceSignal[] = [];
  for (const b of order) {
    const s = b.build();
    if (s) signals.push(s);
  }
  if (signals.length === 0) throw parseError(file, lines.length, "no 1-bit signal with values");
  return { source: file, signals, endMs: toMs(time) };
}
