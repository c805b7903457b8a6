// A board that never answers SYNC (not in download mode) gets bounded connection rounds and then
// the advice to hold BOOT while pressing EN, with exit status 1. Fake ROM on a socat pty.
import test from "ava";
import { JobError } from "../../tools/errors.ts";
import { flashImageSet } from "../../tools/flash/flash.ts";
import { runBellFlash } from "../support/bell-flash-run.ts";
import { FakeRom, ROM_OP } from "../support/fake-rom.ts";
import { makeFakeBuild } from "../support/flash-images.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);
const ptyTest = hasSocat ? test : test.skip;

/** esptool-js `_connectAttempt` sends SYNC 5 times per attempt. */
const SYNCS_PER_ATTEMPT = 5;

const ADVICE = [
  "did not answer",
  "it is not in download mode",
  "hold down the BOOT button (also labelled IO0 or FLASH)",
  "press and release the EN button (also labelled RST or RESET), then release BOOT",
  "charge-only cable",
];

async function silentBoard(bootLog?: string) {
  const build = makeFakeBuild({ appBytes: 4_096 }, 9);
  const pty = await ptyPair();
  const rom = await FakeRom.open({ path: pty.b, faults: { noSync: true, ...(bootLog ? { bootLog } : {}) } });
  return {
    build,
    pty,
    rom,
    close: async () => {
      await rom.close();
      await pty.close();
      build.remove();
    },
  };
}

ptyTest("bounded rounds, then the hold-BOOT advice", async (t) => {
  t.timeout(60_000);
  const { build, pty, rom, close } = await silentBoard();
  t.teardown(close);
  const notes: string[] = [];
  const error = await t.throwsAsync(
    flashImageSet({
      port: { path: pty.a, description: "pty" },
      images: build.images,
      connectRounds: [
        { attempts: 1, extraHoldMs: 0 },
        { attempts: 2, extraHoldMs: 200 },
      ],
      report: (e) => e.kind === "note" && notes.push(e.text),
    }),
    { instanceOf: JobError },
  );
  t.is(error?.id, "E_FLASH_NO_SYNC");
  t.regex(error?.message ?? "", /\(3 connection attempts\)/);
  for (const text of ADVICE) t.true(error?.message.includes(text), `message should say "${text}":\n${error?.message}`);
  t.is(rom.count(ROM_OP.sync), 3 * SYNCS_PER_ATTEMPT);
  t.is(rom.count(ROM_OP.flashDeflBegin), 0);
  t.deepEqual(notes.filter((n) => n.startsWith("No answer yet")), ["No answer yet; trying again with longer reset holds..."]);
});

ptyTest("the command line with its default rounds: exit 1, the advice, in bounded time", async (t) => {
  t.timeout(90_000);
  const { build, pty, rom, close } = await silentBoard();
  t.teardown(close);

  const run = await runBellFlash(["--port", pty.a, "--build", build.dir], 80_000);

  t.false(run.timedOut);
  t.is(run.code, 1);
  t.true(run.stderr.startsWith(`bell: the board on ${pty.a} did not answer (7 connection attempts): it is not in download mode. (E_FLASH_NO_SYNC)`), run.stderr);
  for (const text of ADVICE) t.true(run.stderr.includes(text), `stderr should say "${text}":\n${run.stderr}`);
  t.is(rom.count(ROM_OP.sync), 7 * SYNCS_PER_ATTEMPT);
});

ptyTest("a board that boots its firmware instead is told apart", async (t) => {
  t.timeout(60_000);
  // what an ESP32 prints when it boots from flash (boot mode 0x13) rather than into download mode,
  // printed every 100 ms: each reset (at least 500 ms here) is followed by some of it
  const bootLog = "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n";
  const { build, pty, close } = await silentBoard(bootLog);
  t.teardown(close);
  const error = await t.throwsAsync(
    flashImageSet({
      port: { path: pty.a, description: "pty" },
      images: build.images,
      connectRounds: [{ attempts: 2, extraHoldMs: 450 }],
    }),
    { instanceOf: JobError },
  );
  t.is(error?.id, "E_FLASH_NO_SYNC");
  t.true(
    error?.message.includes("(What bell saw: the board started normally (boot mode 0x13) instead of entering download mode.)"),
    error?.message,
  );
  t.true(error?.message.includes("This port has no DTR/RTS lines, so bell could not reset it"), error?.message);
});
