// A board unplugged in the middle of a write ends the job at once (exit 1) with what was written
// and verified, what was in progress, and that the board is safe to flash again.
// The unplug is socat being killed: both pty ends hang up, as a pulled USB cable does.
import test from "ava";
import { runBellFlash } from "../support/bell-flash-run.ts";
import { FakeRom } from "../support/fake-rom.ts";
import { makeFakeBuild } from "../support/flash-images.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);
const ptyTest = hasSocat ? test : test.skip;

const APP_OFFSET = 0x10000;

ptyTest("unplugged while writing the app", async (t) => {
  t.timeout(70_000);
  const build = makeFakeBuild({ appBytes: 200_000 }, 13); // 13 compressed blocks
  const pty = await ptyPair();
  const rom = await FakeRom.open({
    path: pty.b,
    faults: { onFlashData: (seq, offset) => offset === APP_OFFSET && seq === 4 && pty.unplug() },
  });
  t.teardown(async () => {
    await rom.close();
    await pty.close();
    build.remove();
  });

  const run = await runBellFlash(["--port", pty.a, "--build", build.dir], 60_000);

  t.false(run.timedOut);
  t.is(run.code, 1);
  for (const text of [
    `bell: the board on ${pty.a} was disconnected during flashing. (E_FLASH_UNPLUGGED)`,
    "Written and verified before that: bootloader at 0x1000, partition-table at 0x8000.",
    "It was writing app at 0x10000 (",
    "% sent); that part is incomplete.",
    "The board is safe: its ROM bootloader cannot be overwritten, so it can always be flashed again.",
  ]) {
    t.true(run.stderr.includes(text), `stderr should say "${text}":\n${run.stderr}`);
  }
  t.false(/\n\s+at /.test(run.stderr), "no stack trace");
  t.false(run.stdout.includes("Done:"));
});
