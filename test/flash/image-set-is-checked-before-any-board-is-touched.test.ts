// An image set is read from flasher_args.json or OFFSET=FILE pairs and checked completely before
// any board is touched: files exist and are not empty, offsets are 4 KiB aligned, regions do not
// overlap and fit the flash; each refusal names the file and JSON path or argument (exit 2).
import test from "ava";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../../tools/errors.ts";
import { readBuildImageSet, readPairsImageSet } from "../../tools/flash/image.ts";
import { makeFakeBuild, type FakeBuild } from "../support/flash-images.ts";

test("a build directory's flasher_args.json gives named regions sorted by offset", (t) => {
  const build = makeFakeBuild();
  t.teardown(() => build.remove());
  const images = readBuildImageSet(build.dir);
  t.deepEqual(
    images.regions.map((r) => [r.name, r.offsetBytes, r.data.length]),
    build.files.map((f) => [f.name, f.offsetBytes, f.data.length]),
  );
  t.is(images.flashSizeBytes, 4 * 1024 * 1024);
  t.is(images.flashMode, "dio");
  t.is(images.flashFreq, "40m");
  t.is(images.chip, "esp32");
  t.deepEqual(readBuildImageSet(path.join(build.dir, "flasher_args.json")).regions.length, 3); // the file itself
});

test("OFFSET=FILE pairs give regions named by file, sorted by offset", (t) => {
  const build = makeFakeBuild();
  t.teardown(() => build.remove());
  const images = readPairsImageSet(["0x10000=caller.bin", "4096=bootloader/bootloader.bin"], build.dir);
  t.deepEqual(
    images.regions.map((r) => [r.name, r.offsetBytes]),
    [
      ["bootloader.bin", 0x1000],
      ["caller.bin", 0x10000],
    ],
  );
});

/** A change to the fake build: to its files, or to its flasher_args.json. */
type Edit = { files: (build: FakeBuild) => void } | { args: (args: Record<string, any>) => void };

const buildRows: [string, Edit, string, RegExp][] = [
  ["no flasher_args.json", { files: (b) => rmSync(path.join(b.dir, "flasher_args.json")) }, "E_FLASH_BUILD_DIR", /no flasher_args\.json in .*xsProj-esp32\/build/s],
  ["a file missing", { files: (b) => rmSync(path.join(b.dir, "caller.bin")) }, "E_FLASH_IMAGE_FILE", /\$\.flash_files\["0x10000"\]: .*caller\.bin does not exist/],
  ["an empty file", { files: (b) => writeFileSync(path.join(b.dir, "caller.bin"), "") }, "E_FLASH_IMAGE_FILE", /caller\.bin is empty/],
  [
    "an app that is not an image",
    { files: (b) => writeFileSync(path.join(b.dir, "caller.bin"), "hello") },
    "E_FLASH_IMAGE_FILE",
    /does not look like an ESP32 firmware image \(first byte 0x68, expected 0xe9\)/,
  ],
  [
    "a partition table that is not one",
    { files: (b) => writeFileSync(path.join(b.dir, "partition_table/partition-table.bin"), "x") },
    "E_FLASH_IMAGE_FILE",
    /does not look like a partition table/,
  ],
  ["an unaligned offset", { args: (a) => (a.flash_files = { "0x10010": "caller.bin" }) }, "E_FLASH_OFFSET", /offset 0x10010 is not a multiple of 0x1000/],
  ["a malformed offset", { args: (a) => (a.flash_files = { ten: "caller.bin" }) }, "E_FLASH_OFFSET", /"ten" is not an offset/],
  [
    "overlapping regions",
    { args: (a) => (a.flash_files = { "0x1000": "bootloader/bootloader.bin", "0x6000": "caller.bin" }) },
    "E_FLASH_OFFSET",
    /bootloader \(0x1000\.\.0x7003\) overlaps caller\.bin at 0x6000/,
  ],
  ["a region beyond the flash", { args: (a) => (a.flash_settings.flash_size = "256KB") }, "E_FLASH_OFFSET", /beyond the 262,144 bytes flash/],
  ["an unknown flash size", { args: (a) => (a.flash_settings.flash_size = "3MB") }, "E_FLASH_IMAGE_JSON", /\$\.flash_settings\.flash_size: flash size "3MB"/],
  ["flash_files missing", { args: (a) => delete a.flash_files }, "E_FLASH_IMAGE_JSON", /\$\.flash_files: expected an object/],
  ["encrypted regions", { args: (a) => (a.app.encrypted = "true") }, "E_FLASH_IMAGE_JSON", /\$\.app\.encrypted: encrypted flashing is not supported/],
  ["not JSON", { files: (b) => writeFileSync(path.join(b.dir, "flasher_args.json"), "{ nope") }, "E_FLASH_IMAGE_JSON", /not valid JSON/],
];

for (const [name, edit, id, says] of buildRows) {
  test(`refused: ${name}`, (t) => {
    const build = makeFakeBuild();
    t.teardown(() => build.remove());
    if ("files" in edit) edit.files(build);
    else {
      const file = path.join(build.dir, "flasher_args.json");
      const args = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      edit.args(args);
      writeFileSync(file, JSON.stringify(args));
    }
    const error = t.throws(() => readBuildImageSet(build.dir), { instanceOf: UsageError });
    t.is(error?.id, id);
    t.regex(error?.message ?? "", says);
    t.true(error?.message.includes(`(${id})`));
  });
}

const pairRows: [string, string[], string, RegExp][] = [
  ["no equals sign", ["caller.bin"], "E_FLASH_USAGE", /argument 1 "caller\.bin": expected OFFSET=FILE/],
  ["a bad offset", ["0xZZ=caller.bin"], "E_FLASH_OFFSET", /"0xZZ" is not an offset/],
  ["a missing file", ["0x10000=nothing.bin"], "E_FLASH_IMAGE_FILE", /nothing\.bin does not exist/],
];

for (const [name, pairs, id, says] of pairRows) {
  test(`refused pairs: ${name}`, (t) => {
    const build = makeFakeBuild();
    t.teardown(() => build.remove());
    const error = t.throws(() => readPairsImageSet(pairs, build.dir), { instanceOf: UsageError });
    t.is(error?.id, id);
    t.regex(error?.message ?? "", says);
  });
}
