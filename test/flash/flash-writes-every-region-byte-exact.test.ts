// `bell flash` writes every region of an image set (from --build or OFFSET=FILE pairs) to a
// board over a real serial path, and the board's flash then matches the files byte for byte at
// each offset, each region verified by MD5 on the board. The board is the fake ROM on a socat pty.
import test from "ava";
import { createHash } from "node:crypto";
import path from "node:path";
import { FakeRom, ROM_OP } from "../support/fake-rom.ts";
import { runBellFlash } from "../support/bell-flash-run.ts";
import { makeFakeBuild, type FakeBuild } from "../support/flash-images.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);
const ptyTest = hasSocat ? test : test.skip;

/** Bound on one run of the command, ms (it takes a few seconds). */
const RUN_BOUND_MS = 60_000;

const md5 = (b: Uint8Array) => createHash("md5").update(b).digest("hex");

const rows: [string, (b: FakeBuild) => string[]][] = [
  ["--build DIR", (b) => ["--build", b.dir]],
  ["OFFSET=FILE pairs", (b) => b.files.map((f) => `0x${f.offsetBytes.toString(16)}=${path.join(b.dir, f.relPath)}`)],
];

for (const [name, source] of rows) {
  ptyTest(`writes and verifies every region (${name})`, async (t) => {
    t.timeout(RUN_BOUND_MS + 10_000);
    const build = makeFakeBuild({ appBytes: 150_001 }, 7);
    const pty = await ptyPair();
    const rom = await FakeRom.open({ path: pty.b });
    t.teardown(async () => {
      await rom.close();
      await pty.close();
      build.remove();
    });

    const run = await runBellFlash(["--port", pty.a, ...source(build)], RUN_BOUND_MS);

    t.false(run.timedOut);
    t.is(run.code, 0, run.stderr);
    t.is(run.stderr, "");
    for (const f of build.files) {
      const onBoard = rom.flash.subarray(f.offsetBytes, f.offsetBytes + f.data.length);
      t.true(Buffer.from(onBoard).equals(Buffer.from(f.data)), `${f.name} at 0x${f.offsetBytes.toString(16)} differs`);
    }
    t.is(rom.count(ROM_OP.spiFlashMd5), build.files.length);
    t.is(rom.spiParamsSizeBytes, 4 * 1024 * 1024); // the build's flash size, or (pairs) the detected one
    // each region's line shows the MD5 the board agreed with (files padded to 4 bytes)
    for (const f of build.files) {
      const padded = new Uint8Array(Math.ceil(f.data.length / 4) * 4).fill(0xff);
      padded.set(f.data);
      t.true(run.stdout.includes(`verified (MD5 ${md5(padded)})`), `${f.name} not verified in:\n${run.stdout}`);
    }
    t.regex(run.stdout, /^Connected: ESP32-D0WDQ6 \(revision 1\), MAC 24:0a:c4:12:34:56, 4MB flash, 460800 baud$/m);
    t.regex(run.stdout, /^Done: 3 files written and verified in \d+\.\d s\. Press EN \(RST\) on the board/m);
  });
}
