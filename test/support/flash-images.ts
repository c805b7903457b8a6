/**
 * Small fake ESP-IDF builds for the flash tests: a bootloader, a partition table and an app with
 * the right first bytes (0xE9 image magic, 0xAA 0x50 partition magic) and seeded pseudo-random
 * contents, written to a temporary directory with a `flasher_args.json` like the one ESP-IDF
 * writes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ImageSet } from "../../tools/flash/image.ts";
import { Random } from "../../tools/sim/random.ts";

/** One file of a fake build. */
export interface FakeBuildFile {
  name: string;
  offsetBytes: number;
  /** Path relative to the build directory. */
  relPath: string;
  data: Uint8Array;
}

/** A fake build on disk. */
export interface FakeBuild {
  dir: string;
  files: FakeBuildFile[];
  /** The same files as an in-memory image set (for calling the flash job directly). */
  images: ImageSet;
  remove(): void;
}

/** Sizes of the fake build's files, bytes. */
export interface FakeBuildSizes {
  bootloaderBytes?: number;
  partitionTableBytes?: number;
  appBytes?: number;
}

/** Deterministic bytes from a seed (the simulator's generator, `tools/sim/random.ts`), so failures reproduce. */
export function seededBytes(length: number, seed: number): Uint8Array {
  return new Random(seed >>> 0, "flash-image").bytes(length);
}

/** Writes a fake ESP-IDF build (bootloader 0x1000, partition table 0x8000, app 0x10000). */
export function makeFakeBuild(sizes: FakeBuildSizes = {}, seed = 1): FakeBuild {
  const dir = mkdtempSync(path.join(tmpdir(), "bell-build-"));
  const bootloader = seededBytes(sizes.bootloaderBytes ?? 24_576 + 3, seed);
  bootloader[0] = 0xe9;
  const partitionTable = seededBytes(sizes.partitionTableBytes ?? 3072, seed + 1);
  partitionTable[0] = 0xaa;
  partitionTable[1] = 0x50;
  const app = seededBytes(sizes.appBytes ?? 200_000, seed + 2);
  app[0] = 0xe9;
  const files: FakeBuildFile[] = [
    { name: "bootloader", offsetBytes: 0x1000, relPath: "bootloader/bootloader.bin", data: bootloader },
    { name: "partition-table", offsetBytes: 0x8000, relPath: "partition_table/partition-table.bin", data: partitionTable },
    { name: "app", offsetBytes: 0x10000, relPath: "caller.bin", data: app },
  ];
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f.relPath)), { recursive: true });
    writeFileSync(path.join(dir, f.relPath), f.data);
  }
  const section = (f: FakeBuildFile) => ({ offset: `0x${f.offsetBytes.toString(16)}`, file: f.relPath, encrypted: "false" });
  const flasherArgs = {
    write_flash_args: ["--flash_mode", "dio", "--flash_size", "4MB", "--flash_freq", "40m"],
    flash_settings: { flash_mode: "dio", flash_size: "4MB", flash_freq: "40m" },
    flash_files: Object.fromEntries(files.map((f) => [`0x${f.offsetBytes.toString(16)}`, f.relPath])),
    bootloader: section(files[0]!),
    "partition-table": section(files[1]!),
    app: section(files[2]!),
    extra_esptool_args: { after: "hard_reset", before: "default_reset", stub: true, chip: "esp32" },
  };
  writeFileSync(path.join(dir, "flasher_args.json"), JSON.stringify(flasherArgs, null, 4));
  const images: ImageSet = {
    source: path.join(dir, "flasher_args.json"),
    regions: files.map((f) => ({ name: f.name, offsetBytes: f.offsetBytes, file: path.join(dir, f.relPath), data: f.data })),
    flashMode: "dio",
    flashFreq: "40m",
    flashSizeBytes: 4 * 1024 * 1024,
    chip: "esp32",
  };
  return { dir, files, images, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
