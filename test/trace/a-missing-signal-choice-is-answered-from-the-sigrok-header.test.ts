/**
 * Issue 16: `bell trace debounce capture.sr` without `--signal` took 13 s (the whole capture was
 * decoded) to say which signals exist. The signals are now listed from the session's header:
 * a session whose sample data is damaged still gets the list, which shows no sample is decoded.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import test from "ava";
import { strToU8, zipSync } from "fflate";
import { checkSignalChoice } from "../../tools/trace/formats.ts";

const dir = mkdtempSync(path.join(tmpdir(), "bell-sr-"));
const metadata = "[global]\nsigrok version=0.5.2\n\n[device 1]\ncapturefile=logic-1\ntotal probes=8\nsamplerate=1 MHz\ntotal analog=0\nprobe1=PON\nprobe2=DATA\nunitsize=1\n";
const file = path.join(dir, "damaged-samples.sr");
// Header intact, samples not a multiple of the unit and chunk names wrong: decoding would fail.
writeFileSync(file, zipSync({ version: strToU8("2"), metadata: strToU8(metadata), "logic-1-1": new Uint8Array([1, 2, 3]), "logic-9-1": new Uint8Array([7]) }));

test("without --signal, the signals are named from the header", (t) => {
  const err = t.throws(() => checkSignalChoice(file, undefined));
  t.is(err?.message, `${file}: 2 signals ("PON", "DATA"); choose one with --signal NAME`);
  t.is((err as { id?: string }).id, "E_TRACE_SIGNAL");
});

test("an unknown --signal is refused from the header too; a known one passes to the replay", (t) => {
  t.throws(() => checkSignalChoice(file, "CLK"), { message: `${file}: no signal "CLK"; the signals are "PON", "DATA"` });
  t.notThrows(() => checkSignalChoice(file, "DATA"));
});

test("other formats are left to the reader (their header is the file)", (t) => {
  t.notThrows(() => checkSignalChoice(path.join(dir, "absent.vcd"), undefined));
});
