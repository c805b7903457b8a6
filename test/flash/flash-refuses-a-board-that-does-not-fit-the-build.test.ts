// A board whose chip is not the one the firmware was built for, or whose flash is smaller than the
// build expects, is refused before anything is written (exit 1). Fake ROM on a socat pty.
import test from "ava";
import { JobError } from "../../tools/errors.ts";
import { flashImageSet } from "../../tools/flash/flash.ts";
import type { ImageSet } from "../../tools/flash/image.ts";
import { FakeRom, ROM_OP, type FakeRomOptions } from "../support/fake-rom.ts";
import { makeFakeBuild } from "../support/flash-images.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);
const ptyTest = hasSocat ? test : test.skip;

interface Row {
  name: string;
  rom: Omit<FakeRomOptions, "path">;
  images: (built: ImageSet) => ImageSet;
  id: string;
  says: string;
}

const rows: Row[] = [
  {
    name: "firmware built for another chip",
    rom: {},
    images: (b) => ({ ...b, chip: "esp32s3" }),
    id: "E_FLASH_WRONG_CHIP",
    says: "is an ESP32, but this firmware was built for esp32s3. (E_FLASH_WRONG_CHIP)\n  Nothing was written.",
  },
  {
    name: "a 2 MB board for a 4 MB build",
    rom: { flashBytes: 2 * 1024 * 1024, flashId: 0x1540ef }, // JEDEC capacity 0x15: 2 MB
    images: (b) => b,
    id: "E_FLASH_TOO_SMALL",
    says: "has 2 MB of flash, but this firmware was built for 4 MB. (E_FLASH_TOO_SMALL)\n  Nothing was written.",
  },
];

for (const row of rows) {
  ptyTest(row.name, async (t) => {
    t.timeout(60_000);
    const build = makeFakeBuild({ appBytes: 4_096 }, 17);
    const pty = await ptyPair();
    const rom = await FakeRom.open({ path: pty.b, ...row.rom });
    t.teardown(async () => {
      await rom.close();
      await pty.close();
      build.remove();
    });
    const error = await t.throwsAsync(
      flashImageSet({ port: { path: pty.a, description: "pty" }, images: row.images(build.images) }),
      { instanceOf: JobError },
    );
    t.is(error?.id, row.id);
    t.true(error?.message.includes(row.says), error?.message);
    t.is(rom.count(ROM_OP.flashDeflBegin) + rom.count(ROM_OP.flashBegin), 0);
  });
}
