// When the board keeps garbling or dropping its replies, `bell flash` gives up after bounded
// retries with a message saying what was written and what to do, and exits 1; nothing hangs.
// Fake ROM on a socat pty; the real command line as a child process.
import test from "ava";
import { JobError } from "../../tools/errors.ts";
import { flashImageSet } from "../../tools/flash/flash.ts";
import { runBellFlash } from "../support/bell-flash-run.ts";
import { FakeRom, ROM_OP } from "../support/fake-rom.ts";
import { makeFakeBuild } from "../support/flash-images.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);
const ptyTest = hasSocat ? test : test.skip;

const RUN_BOUND_MS = 60_000;

ptyTest("every data ack garbled: exit 1 with the cable and --baud advice", async (t) => {
  t.timeout(RUN_BOUND_MS + 10_000);
  const build = makeFakeBuild({ appBytes: 40_000 }, 3);
  const pty = await ptyPair();
  const rom = await FakeRom.open({ path: pty.b, faults: { garbleReplies: { op: ROM_OP.flashDeflData, count: 1_000_000 } } });
  t.teardown(async () => {
    await rom.close();
    await pty.close();
    build.remove();
  });

  const run = await runBellFlash(["--port", pty.a, "--build", build.dir], RUN_BOUND_MS);

  t.false(run.timedOut);
  t.is(run.code, 1);
  const expected = [
    `bell: the board on ${pty.a} stopped answering during flashing (`,
    "(E_FLASH_NO_REPLY)",
    "Written and verified before that: nothing yet.",
    "It was writing bootloader at 0x1000 (0% sent); that part is incomplete.",
    "The board is safe and can be flashed again.",
    "try a lower speed: add --baud 115200 to the command",
  ];
  for (const text of expected) t.true(run.stderr.includes(text), `stderr should say "${text}":\n${run.stderr}`);
  t.false(/\n\s+at /.test(run.stderr), "no stack trace");
  // bounded: 2 region attempts x 3 block attempts (esptool-js), each block once per attempt
  t.is(rom.dataBlocks.length, 2 * 3);
});

ptyTest("every MD5 reply dropped: the job ends within its timeouts", async (t) => {
  t.timeout(60_000);
  const build = makeFakeBuild({ appBytes: 4_096 }, 4);
  const pty = await ptyPair();
  const rom = await FakeRom.open({ path: pty.b, faults: { dropReplies: { op: ROM_OP.spiFlashMd5, count: 1_000_000 } } });
  t.teardown(async () => {
    await rom.close();
    await pty.close();
    build.remove();
  });
  const error = await t.throwsAsync(flashImageSet({ port: { path: pty.a, description: "pty" }, images: build.images }), {
    instanceOf: JobError,
  });
  t.is(error?.id, "E_FLASH_NO_REPLY");
  t.is(rom.count(ROM_OP.spiFlashMd5), 2); // one per region attempt, then it gives up
});
