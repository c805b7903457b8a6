// A region whose MD5 on the board does not match the file is written once more; if it still does
// not match, the job fails (exit 1) naming the region and both MD5s. Fake ROM on a socat pty.
import test from "ava";
import { createHash } from "node:crypto";
import { flashImageSet } from "../../tools/flash/flash.ts";
import { runBellFlash } from "../support/bell-flash-run.ts";
import { FakeRom, ROM_OP } from "../support/fake-rom.ts";
import { makeFakeBuild } from "../support/flash-images.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);
const ptyTest = hasSocat ? test : test.skip;

ptyTest("one corrupted write: the region is rewritten and verifies", async (t) => {
  t.timeout(60_000);
  const build = makeFakeBuild({ appBytes: 20_000 }, 5);
  const pty = await ptyPair();
  const rom = await FakeRom.open({ path: pty.b, faults: { corruptRegions: 1 } });
  t.teardown(async () => {
    await rom.close();
    await pty.close();
    build.remove();
  });
  const report = await flashImageSet({ port: { path: pty.a, description: "pty" }, images: build.images });
  t.deepEqual(
    report.regions.map((r) => [r.name, r.attempts]),
    [
      ["bootloader", 2],
      ["partition-table", 1],
      ["app", 1],
    ],
  );
  for (const f of build.files) {
    t.true(Buffer.from(rom.flash.subarray(f.offsetBytes, f.offsetBytes + f.data.length)).equals(Buffer.from(f.data)), f.name);
  }
  t.is(rom.count(ROM_OP.spiFlashMd5), 4);
});

ptyTest("corrupted again: exit 1 naming the region and both MD5s", async (t) => {
  t.timeout(70_000);
  const build = makeFakeBuild({ appBytes: 20_000 }, 6);
  const pty = await ptyPair();
  const rom = await FakeRom.open({ path: pty.b, faults: { corruptRegions: 2 } });
  t.teardown(async () => {
    await rom.close();
    await pty.close();
    build.remove();
  });

  const run = await runBellFlash(["--port", pty.a, "--build", build.dir], 60_000);

  t.false(run.timedOut);
  t.is(run.code, 1);
  const boot = build.files[0]!.data; // 24,579 bytes: padded to 24,580 as written
  const padded = new Uint8Array(24_580).fill(0xff);
  padded.set(boot);
  const fileMd5 = createHash("md5").update(padded).digest("hex");
  const bad = Buffer.from(padded);
  bad[0] = bad[0]! ^ 0xff; // what the fake's corruption leaves on the board
  const boardMd5 = createHash("md5").update(bad).digest("hex");
  for (const text of [
    `bell: bootloader at 0x1000 did not verify on the board on ${pty.a} after 2 attempts. (E_FLASH_VERIFY)`,
    `The file's MD5 is ${fileMd5}; the board read back ${boardMd5}.`,
    "The board is safe and can be flashed again.",
  ]) {
    t.true(run.stderr.includes(text), `stderr should say "${text}":\n${run.stderr}`);
  }
  t.regex(run.stdout, /did not verify \(the board read back a different MD5\); writing it again\.\.\./);
  t.is(rom.regionsWritten.length, 2); // the bootloader twice; nothing after it
});
