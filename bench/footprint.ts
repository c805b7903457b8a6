/**
 * Section "footprint": the size of each app's JavaScript as it goes to the device — bundled by
 * esbuild exactly as `make bundle-caller` / `make bundle-receiver` do, minified and not — what
 * makes it up, and XS memory when the XS engine run (`tools/xs/`) reports it.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { fmtBytes, fmtPct } from "./format.ts";
import type { SectionRunner, SummaryRow, Table } from "./section.ts";
import { barChart } from "./svg.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The device entry points (as in the Makefile's DEVICE_ENTRY_*). */
export const APP_ENTRIES = { caller: "firmware/caller/main.ts", receiver: "receiver/main.ts" } as const;

/** The esbuild options of the Makefile's `bundle_device`. */
export const BUNDLE_OPTIONS = { bundle: true, format: "esm", platform: "neutral", target: "es2022", packages: "external", legalComments: "none" } as const;

/** Areas of the source tree, for the breakdown (first match wins). */
const AREAS: ReadonlyArray<[string, string]> = [
  ["firmware/core/frame/", "core: frame codec"],
  ["firmware/core/auth/", "core: auth (tag, counter, replay)"],
  ["firmware/core/link/", "core: link"],
  ["firmware/core/supervision/", "core: supervision"],
  ["firmware/core/debounce/", "core: debounce"],
  ["firmware/core/", "core: other"],
  ["firmware/stack/", "stack (radio stack, button pin, timers)"],
  ["firmware/moddable/", "Moddable adapters"],
  ["firmware/espnow/", "ESP-NOW binding"],
  ["firmware/caller/", "caller app"],
  ["receiver/", "receiver app"],
  ["node_modules/", "npm packages"],
];

function areaOf(file: string): string {
  for (const [prefix, name] of AREAS) if (file.startsWith(prefix)) return name;
  return "other";
}

interface Bundle {
  role: keyof typeof APP_ENTRIES;
  plainBytes: number;
  minBytes: number;
  gzipBytes: number;
  /** Bytes of the minified output by area. */
  byArea: Record<string, number>;
  /** Modules left for the device's SDK to provide (Moddable). */
  externals: string[];
  inputs: number;
}

async function bundle(role: keyof typeof APP_ENTRIES): Promise<Bundle> {
  const entry = APP_ENTRIES[role];
  const once = async (minify: boolean) => {
    const r = await build({ ...BUNDLE_OPTIONS, absWorkingDir: REPO, entryPoints: [entry], write: false, minify, metafile: true, logLevel: "silent" });
    return { bytes: r.outputFiles[0]!.contents, meta: r.metafile as Metafile };
  };
  const plain = await once(false);
  const min = await once(true);
  const output = Object.values(min.meta.outputs)[0]!;
  const byArea: Record<string, number> = {};
  for (const [file, info] of Object.entries(output.inputs)) byArea[areaOf(file)] = (byArea[areaOf(file)] ?? 0) + info.bytesInOutput;
  return {
    role,
    plainBytes: plain.bytes.length,
    minBytes: min.bytes.length,
    gzipBytes: gzipSync(min.bytes, { level: 9 }).length,
    byArea,
    externals: [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))].sort(),
    inputs: Object.keys(output.inputs).length,
  };
}

/** Whether the XS engine run has landed and reports memory (looked up, never assumed). */
function xsStatus(): string {
  const dir = path.join(REPO, "tools", "xs");
  if (!existsSync(dir)) return "not measured yet: the XS engine run (`tools/xs/`, `--engine xs`) has not landed";
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  return `not measured yet: \`tools/xs/\` exists (${files.join(", ") || "no modules"}) but exposes no memory figure this benchmark knows how to read`;
}

export const run: SectionRunner = async ({ log }) => {
  const bundles = [await bundle("caller"), await bundle("receiver")];
  for (const b of bundles) log(`footprint ${b.role}: ${b.minBytes} B minified`);
  const xs = xsStatus();

  const sizeTable: Table = {
    title: "Bundle size of each app (esbuild, as `make bundle-<role>`)",
    columns: ["app", "entry", "modules", "bundled", "minified", "minified + gzip", "left to the SDK"],
    rows: bundles.map((b) => [
      b.role,
      `\`${APP_ENTRIES[b.role]}\``,
      String(b.inputs),
      fmtBytes(b.plainBytes),
      fmtBytes(b.minBytes),
      fmtBytes(b.gzipBytes),
      b.externals.map((e) => `\`${e}\``).join(", "),
    ]),
    note:
      `esbuild ${"(" + Object.entries(BUNDLE_OPTIONS).map(([k, v]) => `${k}=${v}`).join(", ") + ")"}; minified adds minify=true. gzip level 9 shows how much redundancy is left; ` +
      "the device stores XS bytecode compiled from the bundle by mcconfig, whose size differs from the JavaScript text.",
  };
  const areas = [...new Set(bundles.flatMap((b) => Object.keys(b.byArea).filter((a) => b.byArea[a]! > 0)))].sort((a, b) => (bundles[0]!.byArea[b] ?? 0) - (bundles[0]!.byArea[a] ?? 0));
  const areaTable: Table = {
    title: "What the minified bundles are made of",
    columns: ["area", ...bundles.map((b) => b.role), ...bundles.map((b) => `share of ${b.role}`)],
    rows: areas.map((a) => [a, ...bundles.map((b) => (b.byArea[a] ? fmtBytes(b.byArea[a]!) : "—")), ...bundles.map((b) => (b.byArea[a] ? fmtPct(b.byArea[a]! / b.minBytes) : "—"))]),
    note: "Bytes each source area contributes to the minified output (esbuild metafile `bytesInOutput`).",
  };
  const memTable: Table = { title: "XS memory", columns: ["figure", "value"], rows: [["XS heap / slots / chunks of each app", xs]] };

  const plot = barChart({
    title: "Minified bundle by area: caller",
    xLabel: "bytes in the minified caller bundle",
    bars: Object.entries(bundles[0]!.byArea)
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([label, value]) => ({ label, value, note: fmtBytes(value) })),
  });

  const summary: SummaryRow[] = bundles.map((b) => ({
    what: `${b.role[0]!.toUpperCase()}${b.role.slice(1)} app bundle (minified / + gzip)`,
    target: "—",
    measured: `${fmtBytes(b.minBytes)} / ${fmtBytes(b.gzipBytes)}`,
    verdict: "info",
  }));
  summary.push({ what: "XS memory", target: "—", measured: xs.startsWith("not measured") ? "not measured yet" : xs, verdict: "info" });

  return {
    id: "footprint",
    title: "Footprint",
    method: "Each app's device entry point bundled with esbuild's JavaScript API using the options of the Makefile's `bundle_device`, once plain and once minified, in memory. Moddable SDK modules stay external (the device provides them).",
    summary,
    tables: [sizeTable, areaTable, memTable],
    plots: [{ file: "footprint-caller.svg", caption: "Minified caller bundle by source area", svg: plot }],
    notes: [],
    seeds: [],
    failures: [],
    figures: { bundles, xs },
  };
};
