/**
 * The image set `bell flash` writes: which files go at which flash offsets, read either from an
 * ESP-IDF build directory's `flasher_args.json` (what `idf.py flash` itself reads; Moddable's
 * `mcconfig` builds through ESP-IDF and leaves one in `…/xsProj-esp32/build/`) or from explicit
 * `OFFSET=FILE` pairs. Everything is checked before any board is touched: files exist and are not
 * empty, offsets are sector-aligned, regions do not overlap and fit in the flash.
 *
 * flasher_args.json shape (ESP-IDF `components/esptool_py`): `flash_files` maps offset text
 * (`"0x10000"`) to a path relative to the build directory; named sections such as `bootloader`,
 * `app`, `partition-table`, `otadata` give `{ offset, file, encrypted }`; `flash_settings` gives
 * `flash_mode`, `flash_freq`, `flash_size`; `extra_esptool_args.chip` names the target chip.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.ts";
import { say } from "../lang.ts";
import { FLASH_ERROR_IDS, formatSize, withId } from "./errors.ts";

/** A usage error whose message carries its id (`bell` prints only the message). */
function fail(id: string, message: string): UsageError {
  return new UsageError(id, withId(id, message));
}

/** One file to write at one flash offset. */
export interface ImageRegion {
  /** What it is: `bootloader`, `app`, `partition-table`, … or the file's name. */
  name: string;
  /** Flash offset in bytes (a multiple of {@link IMAGE_RULES}.sectorBytes). */
  offsetBytes: number;
  /** The file it came from (absolute). */
  file: string;
  /** The file's bytes (never empty). */
  data: Uint8Array;
}

/** A checked set of regions, sorted by offset, with the flash settings of the build. */
export interface ImageSet {
  /** Where it came from: the flasher_args.json path, or `command line`. */
  source: string;
  /** Regions sorted by offset; non-overlapping at sector granularity. */
  regions: ImageRegion[];
  /** SPI flash mode from the build (`dio`, `qio`, …), if known. Informational. */
  flashMode?: string;
  /** SPI flash clock from the build (`40m`, `80m`, …), if known. Informational. */
  flashFreq?: string;
  /** Flash size the build expects, in bytes; undefined for `detect`/`keep` or unknown. */
  flashSizeBytes?: number;
  /** The chip the build targets (`esp32`, `esp32s3`, …), if known. */
  chip?: string;
}

/**
 * Rules the image set must satisfy. `sectorBytes`: the SPI flash erase sector, 4 KiB (esptool
 * serial-protocol docs: the loaders erase in 4 KB sectors, and ESP-IDF places every partition on
 * a 4 KiB boundary). `maxFlashBytes`: the ESP32 maps at most 16 MB of external flash (ESP32
 * datasheet), the bound when the build does not state a size. `appImageMagic`: first byte of an
 * ESP image (ESP-IDF app image format). `partitionTableMagic`: first two bytes of a partition
 * table entry (ESP-IDF partition table format, 0x50AA little-endian).
 */
export const IMAGE_RULES = {
  sectorBytes: 0x1000,
  maxFlashBytes: 16 * 1024 * 1024,
  appImageMagic: 0xe9,
  partitionTableMagic: [0xaa, 0x50],
  flasherArgsName: "flasher_args.json",
} as const;

/** Flash sizes esptool understands, in bytes. */
const FLASH_SIZES: Readonly<Record<string, number>> = {
  "256KB": 256 * 1024,
  "512KB": 512 * 1024,
  "1MB": 1 << 20,
  "2MB": 2 << 20,
  "4MB": 4 << 20,
  "8MB": 8 << 20,
  "16MB": 16 << 20,
  "32MB": 32 << 20,
  "64MB": 64 << 20,
  "128MB": 128 << 20,
};

const FLASH_MODES = ["qio", "qout", "dio", "dout", "opi", "keep"] as const;

/** Parses an offset written in hex (`0x10000`) or decimal (`65536`); `undefined` otherwise. */
export function parseOffset(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^[0-9]+$/.test(t)) return Number.parseInt(t, 10);
  return undefined;
}

/** `0x10000` style. */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** Flash size text (`4MB`) to bytes; `undefined` for `detect`/`keep`. @throws UsageError if unknown. */
export function parseFlashSize(text: string, where: string): number | undefined {
  if (text === "detect" || text === "keep") return undefined;
  const bytes = FLASH_SIZES[text];
  if (bytes === undefined) {
    throw fail(
      FLASH_ERROR_IDS.imageJson,
      `${where}: flash size "${text}" is not one of ${Object.keys(FLASH_SIZES).join(", ")}, detect, keep`,
    );
  }
  return bytes;
}

function readRegionFile(file: string, where: string): Uint8Array {
  if (!existsSync(file)) {
    throw fail(FLASH_ERROR_IDS.imageFile, say("flash.image.missing", { where, file }));
  }
  const st = statSync(file);
  if (!st.isFile()) throw fail(FLASH_ERROR_IDS.imageFile, say("flash.image.not_file", { where, file }));
  if (st.size === 0) throw fail(FLASH_ERROR_IDS.imageFile, say("flash.image.empty", { where, file }));
  try {
    return new Uint8Array(readFileSync(file));
  } catch (err) {
    throw fail(FLASH_ERROR_IDS.imageFile, say("flash.image.unreadable", { where, file, why: (err as Error).message }));
  }
}

/** Checks the first bytes of regions whose kind we know (a wrong file is caught before writing). */
function checkContent(region: ImageRegion, where: string): void {
  const d = region.data;
  const isImage = region.name === "bootloader" || region.name === "app";
  if (isImage && d[0] !== IMAGE_RULES.appImageMagic) {
    throw fail(FLASH_ERROR_IDS.imageFile, say("flash.image.not_image", { where, file: region.file, first: hex(d[0] ?? 0), expected: hex(IMAGE_RULES.appImageMagic) }));
  }
  const [m0, m1] = IMAGE_RULES.partitionTableMagic;
  if (region.name === "partition-table" && (d[0] !== m0 || d[1] !== m1)) {
    throw fail(FLASH_ERROR_IDS.imageFile, say("flash.image.not_partition_table", { where, file: region.file, magic: `${hex(m0)} ${hex(m1)}` }));
  }
}

/**
 * Checks offsets and sizes and sorts the regions.
 * @param flashSizeBytes the flash size to fit in; `IMAGE_RULES.maxFlashBytes` when undefined.
 * @throws UsageError E_FLASH_OFFSET naming the region: unaligned offset, overlap, beyond flash.
 */
export function checkRegions(regions: ImageRegion[], flashSizeBytes: number | undefined, where: string): ImageRegion[] {
  const sector = IMAGE_RULES.sectorBytes;
  const limit = flashSizeBytes ?? IMAGE_RULES.maxFlashBytes;
  const sorted = [...regions].sort((a, b) => a.offsetBytes - b.offsetBytes);
  if (sorted.length === 0) throw fail(FLASH_ERROR_IDS.offset, `${where}: no files to write`);
  let prev: ImageRegion | undefined;
  for (const r of sorted) {
    if (r.offsetBytes % sector !== 0) {
      throw fail(FLASH_ERROR_IDS.offset, say("flash.image.unaligned", { where, region: r.name, offset: hex(r.offsetBytes), sector: hex(sector) }));
    }
    const end = r.offsetBytes + r.data.length;
    if (end > limit) {
      throw fail(FLASH_ERROR_IDS.offset, say("flash.image.beyond", { where, region: r.name, size: formatSize(r.data.length), offset: hex(r.offsetBytes), end: hex(end), limit: formatSize(limit) }));
    }
    if (prev) {
      const prevEndSector = Math.ceil((prev.offsetBytes + prev.data.length) / sector) * sector;
      if (r.offsetBytes < prevEndSector) {
        const span = { from: hex(prev.offsetBytes), to: hex(prev.offsetBytes + prev.data.length) };
        throw fail(FLASH_ERROR_IDS.offset, say("flash.image.overlap", { where, prev: prev.name, ...span, region: r.name, offset: hex(r.offsetBytes) }));
      }
    }
    prev = r;
  }
  return sorted;
}

/** Finds flasher_args.json for `--build PATH` (the file itself, PATH/, or PATH/build/). */
export function locateFlasherArgs(buildPath: string): string {
  const name = IMAGE_RULES.flasherArgsName;
  const candidates = [buildPath, path.join(buildPath, name), path.join(buildPath, "build", name)];
  for (const c of candidates) {
    if (existsSync(c) && statSync(c).isFile()) return path.resolve(c);
  }
  throw fail(FLASH_ERROR_IDS.buildDir, say("flash.image.no_build", { name, build: buildPath }));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads an ESP-IDF build's image set.
 * @param buildPath the build directory, or its flasher_args.json.
 * @throws UsageError (exit 2) naming the file and JSON path of anything wrong.
 */
export function readBuildImageSet(buildPath: string): ImageSet {
  const jsonPath = locateFlasherArgs(buildPath);
  const dir = path.dirname(jsonPath);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(jsonPath, "utf8"));
  } catch (err) {
    throw fail(FLASH_ERROR_IDS.imageJson, `${jsonPath}: not valid JSON: ${(err as Error).message}`);
  }
  const bad = (jsonPathText: string, why: string) =>
    fail(FLASH_ERROR_IDS.imageJson, `${jsonPath}: ${jsonPathText}: ${why}`);
  if (!isRecord(doc)) throw bad("$", "expected an object");
  const files = doc["flash_files"];
  if (!isRecord(files)) throw bad("$.flash_files", "expected an object mapping offsets to files");

  // names of regions by offset, from sections like "app": { "offset": "0x10000", "file": "app.bin" }
  const names = new Map<number, string>();
  for (const [key, section] of Object.entries(doc)) {
    if (!isRecord(section) || typeof section["offset"] !== "string" || typeof section["file"] !== "string") continue;
    if (section["encrypted"] === "true" || section["encrypted"] === true) {
      throw bad(`$.${key}.encrypted`, "encrypted flashing is not supported by bell flash");
    }
    const off = parseOffset(section["offset"]);
    if (off !== undefined) names.set(off, key);
  }

  const regions: ImageRegion[] = [];
  for (const [offText, file] of Object.entries(files)) {
    const where = `${jsonPath}: $.flash_files["${offText}"]`;
    const offsetBytes = parseOffset(offText);
    if (offsetBytes === undefined) throw fail(FLASH_ERROR_IDS.offset, `${where}: "${offText}" is not an offset`);
    if (typeof file !== "string" || file === "") throw bad(`$.flash_files["${offText}"]`, "expected a file name");
    const abs = path.resolve(dir, file);
    const region: ImageRegion = {
      name: names.get(offsetBytes) ?? path.basename(file),
      offsetBytes,
      file: abs,
      data: readRegionFile(abs, where),
    };
    checkContent(region, where);
    regions.push(region);
  }

  const settings = doc["flash_settings"];
  let flashMode: string | undefined;
  let flashFreq: string | undefined;
  let flashSizeBytes: number | undefined;
  if (settings !== undefined) {
    if (!isRecord(settings)) throw bad("$.flash_settings", "expected an object");
    const mode = settings["flash_mode"];
    if (mode !== undefined) {
      if (typeof mode !== "string" || !(FLASH_MODES as readonly string[]).includes(mode)) {
        throw bad("$.flash_settings.flash_mode", `expected one of ${FLASH_MODES.join(", ")}`);
      }
      flashMode = mode;
    }
    const freq = settings["flash_freq"];
    if (freq !== undefined) {
      if (typeof freq !== "string" || !/^(\d+m|keep)$/.test(freq)) throw bad("$.flash_settings.flash_freq", 'expected e.g. "40m"');
      flashFreq = freq;
    }
    const size = settings["flash_size"];
    if (size !== undefined) {
      if (typeof size !== "string") throw bad("$.flash_settings.flash_size", 'expected e.g. "4MB"');
      flashSizeBytes = parseFlashSize(size, `${jsonPath}: $.flash_settings.flash_size`);
    }
  }
  const extra = doc["extra_esptool_args"];
  let chip: string | undefined;
  if (isRecord(extra) && extra["chip"] !== undefined) {
    if (typeof extra["chip"] !== "string" || !/^esp[0-9a-z]+$/.test(extra["chip"])) {
      throw bad("$.extra_esptool_args.chip", 'expected a chip name such as "esp32"');
    }
    chip = extra["chip"];
  }
  return {
    source: jsonPath,
    regions: checkRegions(regions, flashSizeBytes, jsonPath),
    ...(flashMode === undefined ? {} : { flashMode }),
    ...(flashFreq === undefined ? {} : { flashFreq }),
    ...(flashSizeBytes === undefined ? {} : { flashSizeBytes }),
    ...(chip === undefined ? {} : { chip }),
  };
}

/**
 * Reads an image set from `OFFSET=FILE` pairs (e.g. `0x10000=build/app.bin`), files relative to
 * `cwd`. No content checks: the user named the files.
 * @throws UsageError naming the argument that is wrong.
 */
export function readPairsImageSet(pairs: readonly string[], cwd = process.cwd()): ImageSet {
  const regions: ImageRegion[] = [];
  for (const [i, arg] of pairs.entries()) {
    const where = say("flash.image.argument", { n: i + 1, arg });
    const eq = arg.indexOf("=");
    if (eq <= 0 || eq === arg.length - 1) {
      throw fail(FLASH_ERROR_IDS.usage, say("flash.image.not_pair", { where }));
    }
    const offsetBytes = parseOffset(arg.slice(0, eq));
    if (offsetBytes === undefined) {
      throw fail(FLASH_ERROR_IDS.offset, say("flash.image.not_offset", { where, text: arg.slice(0, eq) }));
    }
    const file = path.resolve(cwd, arg.slice(eq + 1));
    regions.push({ name: path.basename(file), offsetBytes, file, data: readRegionFile(file, where) });
  }
  return { source: "command line", regions: checkRegions(regions, undefined, "command line") };
}
