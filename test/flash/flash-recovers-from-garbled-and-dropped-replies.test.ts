// Garbled and dropped replies during a write are retried (block by block, then the whole region
// once), and the flash still ends up exact. Fake ROM on a socat pty; the flash job called directly.
import test from "ava";
import { flashImageSet, type FlashEvent } from "../../tools/flash/flash.ts";
import { FakeRom, ROM_OP, type FakeRomFaults } from "../support/fake-rom.ts";
import { makeFakeBuild } from "../support/flash-images.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);
const ptyTest = hasSocat ? test : test.skip;

/** The bootloader (first region, 0x1000) is 2 compressed blocks: seq 0 and 1. */
const FIRST_REGION = 0x1000;

interface Row {
  name: string;
  faults: FakeRomFaults;
  /** How many times block 1 of the first region reached the board. */
  block1Sends: number;
  /** Attempts the first region took. */
  firstRegionAttempts: number;
}

const rows: Row[] = [
  {
    name: "two garbled acks of one block: the block is resent",
    faults: { garbleReplies: { op: ROM_OP.flashDeflData, count: 2, fromSeq: 1 } },
    block1Sends: 3,
    firstRegionAttempts: 1,
  },
  {
    name: "a dropped ack: the block is resent after the reply timeout",
    faults: { dropReplies: { op: ROM_OP.flashDeflData, count: 1, fromSeq: 1 } },
    block1Sends: 2,
    firstRegionAttempts: 1,
  },
  {
    name: "three garbled acks (esptool-js gives up on the block): the region is written again",
    faults: { garbleReplies: { op: ROM_OP.flashDeflData, count: 3, fromSeq: 1 } },
    block1Sends: 4, // 3 garbled, then 1 in the second region attempt (which resends from seq 0)
    firstRegionAttempts: 2,
  },
];

for (const row of rows) {
  ptyTest(row.name, async (t) => {
    t.timeout(60_000);
    const build = makeFakeBuild({ appBytes: 40_000 }, 11);
    const pty = await ptyPair();
    const rom = await FakeRom.open({ path: pty.b, faults: row.faults });
    t.teardown(async () => {
      await rom.close();
      await pty.close();
      build.remove();
    });
    const notes: string[] = [];
    const report = await flashImageSet({
      port: { path: pty.a, description: "pty" },
      images: build.images,
      report: (e: FlashEvent) => e.kind === "note" && notes.push(e.text),
    });
    for (const f of build.files) {
      t.true(Buffer.from(rom.flash.subarray(f.offsetBytes, f.offsetBytes + f.data.length)).equals(Buffer.from(f.data)), f.name);
    }
    const block1 = rom.dataBlocks.filter((b) => b.offsetBytes === FIRST_REGION && b.seq === 1).length;
    t.is(block1, row.block1Sends);
    t.is(report.regions[0]!.attempts, row.firstRegionAttempts);
    t.deepEqual(
      report.regions.slice(1).map((r) => r.attempts),
      [1, 1],
    );
    t.is(
      notes.some((n) => n.includes("writing it again")),
      row.firstRegionAttempts > 1,
    );
  });
}
