import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const rows = readFileSync(path.join(repoRoot, "manifests/partitions.csv"), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"))
  .map((line) => {
    const [name, type, subtype, offset, size] = line.split(",").map((f) => f.trim());
    return { name, type, subtype, offset: Number(offset), size: Number(size) };
  });

test("partitions do not overlap, fit in 4 MB flash after the table (0x9000), and the app is 64 KB aligned", (t) => {
  const sorted = [...rows].sort((a, b) => a.offset - b.offset);
  t.true(sorted[0].offset >= 0x9000);
  for (let i = 1; i < sorted.length; i++) t.true(sorted[i - 1].offset + sorted[i - 1].size <= sorted[i].offset, sorted[i].name);
  const last = sorted[sorted.length - 1];
  t.true(last.offset + last.size <= 0x40_0000);
  const app = rows.find((r) => r.type === "app")!;
  t.is(app.offset % 0x1_0000, 0);
  t.true(rows.every((r) => r.size % 0x1000 === 0));
});

test("the NVS partition Preference uses is named nvs and holds far more than Moddable's 24 KB", (t) => {
  const nvs = rows.find((r) => r.subtype === "nvs")!;
  t.is(nvs.name, "nvs");
  t.deepEqual([nvs.offset, nvs.size], [0x3e_0000, 0x2_0000]);
});

test("the shared manifest builds with this partition table", (t) => {
  const shared = JSON.parse(readFileSync(path.join(repoRoot, "manifests/shared.json"), "utf8"));
  t.is(shared.platforms.esp32.build.PARTITIONS_FILE, "./partitions.csv");
});
