/**
 * Section "footprint": the size of each app's JavaScript as it goes to the device — bundled by
 * esbuild exactly as `make bundle-caller` / `make bundle-receiver` do, minified and not — what
 * makes it up, the XS bytecode of each image from the real Moddable 8.2.3 `xsc`/`xsl`
 * (`make check-device`, when ../shared/toolchains is there), and XS memory: each app's real
 * firmware run inside XS by the XS engine (`tools/xs/`), when it is there.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { fmtBytes, fmtInt, fmtNum, fmtPct } from "./format.ts";
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
  ["firmware/core/auth/", "core: auth and replay"],
  ["firmware/core/link/", "core: link"],
  ["firmware/core/supervision/", "core: supervision"],
  ["firmware/core/debounce/", "core: debounce"],
  ["firmware/core/press.ts", "core: press (hold, stuck)"],
  ["firmware/core/channel.ts", "core: secure channel"],
  ["firmware/core/config.ts", "core: config"],
  ["firmware/core/policy/caller", "core: caller policy"],
  ["firmware/core/", "core: other"],
  ["firmware/stack/console", "stack: serial console"],
  ["firmware/stack/identity", "stack: identity (NVS)"],
  ["firmware/stack/", "stack: radio, pins, timers"],
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

/** XS figures of one device role. */
interface XsRole {
  role: string;
  heapSlotsAfterBoot: number | undefined;
  heapSlotsAtEnd: number | undefined;
  computrons: number;
  minifiedFirmwareBytes: number | undefined;
}

/** What the XS run gave, or why there is none. */
type XsMeasure =
  | { ok: true; roles: XsRole[]; slotBytes: number; baselineSlots: number; sameAsNode: boolean; wallS: number; scenario: string; engine: string }
  | { ok: false; why: string };

/** The scenario the XS run measures: a post and two callers, a press, acknowledge and reset. */
export const XS_SCENARIO = {
  seed: 7001,
  durationMs: 600_000,
  inputs: [
    { at_ms: 60_000, device: "c01", press_ms: 500 },
    { at_ms: 70_000, device: "post", button: "acknowledge" },
    { at_ms: 80_000, device: "post", button: "reset" },
    { at_ms: 300_000, device: "c02", press_ms: 500 },
    { at_ms: 310_000, device: "post", button: "acknowledge" },
    { at_ms: 320_000, device: "post", button: "reset" },
  ],
} as const;

/**
 * Runs the real firmware of each device inside XS (xsnap, `tools/xs/`), when that engine is
 * there, and reads the live heap after boot and at the end; also checks that the XS run gives
 * the same event stream as the Node engine.
 */
async function xsMeasure(): Promise<XsMeasure> {
  if (!existsSync(path.join(REPO, "tools", "xs", "engine.ts"))) return { ok: false, why: "the XS engine run (`tools/xs/`) has not landed" };
  try {
    const xs = await import("../tools/xs/engine.ts");
    const report = await import("../tools/xs/report.ts");
    const { XsWorker, XS_WORKER_LABEL } = await import("../tools/xs/worker.ts");
    // An empty XS machine: its built-ins and xsnap's globals, after a collection.
    const empty = new XsWorker({ name: "bench empty machine" });
    let baselineSlots: number;
    try {
      empty.evaluate("gc(); 0");
      baselineSlots = empty.evaluate("0").meter.currentHeapCount;
    } finally {
      empty.close();
    }
    const { deployment } = await import("./deployment.ts");
    const { runScenario } = await import("../tools/sim/run.ts");
    const { scenario } = deployment({ name: "bench footprint: XS run", seed: XS_SCENARIO.seed, durationMs: XS_SCENARIO.durationMs, callers: 2, radio: { loss: 0.1 }, inputs: XS_SCENARIO.inputs.map((i) => ({ ...i })) });
    const t0 = performance.now();
    const r = xs.runScenarioInXs(scenario, { keepEvents: true }, { measureBundles: true });
    const wallS = (performance.now() - t0) / 1000;
    const node = runScenario(scenario, { keepEvents: true });
    const sameAsNode = JSON.stringify(node.events) === JSON.stringify(r.events);
    const roles: XsRole[] = [];
    for (const role of ["caller", "receiver"] as const) {
      const d = r.xs.devices.find((x) => x.role === role);
      if (!d) continue;
      roles.push({ role, heapSlotsAfterBoot: d.heapSlotsAfterBoot, heapSlotsAtEnd: d.heapSlotsAtEnd, computrons: d.computrons, minifiedFirmwareBytes: r.xs.bundles[role]?.minifiedFirmwareBytes });
    }
    return { ok: true, roles, slotBytes: report.ESP32_SLOT_BYTES, baselineSlots, sameAsNode, wallS, scenario: scenario.name, engine: XS_WORKER_LABEL };
  } catch (err) {
    return { ok: false, why: `the XS run failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}` };
  }
}

/** One image of `build/check-device/report.json` (tools/toolchain/check-device.sh). */
interface DeviceImage {
  role: string;
  pins: string;
  mainXsbBytes: number;
  modules: number;
  allXsbBytes: number;
  nativesBound: number;
  projectNatives: string[];
  xsl: string;
}

/** The real toolchain's figures, or why there are none. */
type DeviceMeasure = { ok: true; images: DeviceImage[]; versions: string; wallS: number } | { ok: false; why: string };

/**
 * Runs `tools/toolchain/check-device.sh` (cached after its first run: about 3 min cold) and
 * reads the bytecode sizes the real `xsc`/`xsl` gave for each image.
 */
function deviceMeasure(): DeviceMeasure {
  const t0 = performance.now();
  const run = spawnSync(path.join(REPO, "tools/toolchain/check-device.sh"), [], { cwd: REPO, encoding: "utf8" });
  const wallS = (performance.now() - t0) / 1000;
  if (run.status !== 0) return { ok: false, why: `make check-device failed: ${(run.stderr || run.stdout).trim().split("\n").slice(-1)[0]}` };
  const reportFile = path.join(REPO, "build/check-device/report.json");
  if (!existsSync(reportFile)) return { ok: false, why: run.stdout.trim() || "no report from make check-device" };
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as { moddable: string; xs: string; espIdf: string; board: string; builds: DeviceImage[] };
  return { ok: true, images: report.builds, versions: `Moddable SDK ${report.moddable} (XS ${report.xs}), ${report.board}`, wallS };
}

function slotsText(slots: number | undefined, slotBytes: number): string {
  return slots === undefined ? "—" : `${fmtInt(slots)} slots ≈ ${fmtBytes(slots * slotBytes)}`;
}

/** Bundles both apps, runs them in XS when it can, and reports sizes and heap. */
export const run: SectionRunner = async ({ log }) => {
  const bundles = [await bundle("caller"), await bundle("receiver")];
  for (const b of bundles) log(`footprint ${b.role}: ${b.minBytes} B minified`);
  const device = deviceMeasure();
  log(`footprint device bytecode: ${device.ok ? "measured" : device.why}`);
  const xs = await xsMeasure();
  log(`footprint XS: ${xs.ok ? "measured" : xs.why}`);

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
  const bytecodeTable: Table = device.ok
    ? {
        title: "XS bytecode of each image (the real xsc and xsl)",
        columns: ["app", "pins", "our firmware (main.xsb)", "all modules of the image", "modules", "natives bound (ours)", "xsl"],
        rows: device.images.map((d) => [d.role, d.pins, fmtBytes(d.mainXsbBytes), fmtBytes(d.allXsbBytes), String(d.modules), `${d.nativesBound} (${d.projectNatives.length})`, d.xsl]),
        note:
          `${device.versions}, built from ../shared/toolchains by \`make check-device\` (tools/toolchain/README.md): mcconfig -i, then xsc compiles each module to XS bytecode (.xsb) and xsl links and preloads the image. ` +
          "The bytecode is what the flash partition holds for the JavaScript (plus xsl's preloaded heap and the C); the app's share is main.xsb, the esbuild bundle compiled. " +
          `Took ${fmtNum(device.wallS)} s here (cached after the first run).`,
      }
    : { title: "XS bytecode of each image", columns: ["figure", "value"], rows: [["bytecode from the real xsc/xsl", `not measured: ${device.why}`]] };
  const memTable: Table = xs.ok
    ? {
        title: `XS memory: each app's real firmware running inside XS (${xs.engine})`,
        columns: ["app", "live heap after boot", "live heap at the end", "at the end, less an empty XS machine", "computrons over the run"],
        rows: xs.roles.map((x) => [
          x.role,
          slotsText(x.heapSlotsAfterBoot, xs.slotBytes),
          slotsText(x.heapSlotsAtEnd, xs.slotBytes),
          slotsText(x.heapSlotsAtEnd === undefined ? undefined : x.heapSlotsAtEnd - xs.baselineSlots, xs.slotBytes),
          xs.engine.startsWith("xsnap") ? fmtInt(x.computrons) : "— (not metered)",
        ]),
        note:
          `Scenario “${xs.scenario}” (seed ${XS_SCENARIO.seed}, ${XS_SCENARIO.durationMs / 60_000} min, two presses acknowledged and reset, 10 % loss) run by \`tools/xs\`: one XS worker per device (${xs.engine}), live heap slots counted after a garbage collection. ` +
          `An empty XS machine (built-ins and the host's globals) holds ${fmtInt(xs.baselineSlots)} slots; the difference is the app, its firmware and the Moddable stand-ins. ` +
          `KiB at ${xs.slotBytes} bytes per slot, the size of an XS slot on the 32-bit ESP32; the chunk heap (strings, buffers) is not in this figure. ` +
          "An upper bound for the device: there mcconfig preloads the modules, so their code and the built-ins stay in flash. " +
          `Event stream identical to the Node engine's: ${xs.sameAsNode ? "yes" : "**no**"}. XS run took ${fmtNum(xs.wallS)} s wall.`,
      }
    : { title: "XS memory", columns: ["figure", "value"], rows: [["XS heap of each app", `not measured yet: ${xs.why}`]] };

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
  if (device.ok) {
    for (const d of device.images) {
      summary.push({ what: `${d.role[0]!.toUpperCase()}${d.role.slice(1)} XS bytecode, real xsc (app / whole image)`, target: "—", measured: `${fmtBytes(d.mainXsbBytes)} / ${fmtBytes(d.allXsbBytes)}`, verdict: "info" });
    }
  }
  if (xs.ok) {
    for (const x of xs.roles) {
      const app = x.heapSlotsAtEnd === undefined ? undefined : x.heapSlotsAtEnd - xs.baselineSlots;
      summary.push({
        what: `${x.role[0]!.toUpperCase()}${x.role.slice(1)} XS heap at the end of a run (less an empty machine)`,
        target: "—",
        measured: `${slotsText(x.heapSlotsAtEnd, xs.slotBytes)} (${slotsText(app, xs.slotBytes)})`,
        verdict: "info",
      });
    }
  } else summary.push({ what: "XS memory", target: "—", measured: "not measured yet", verdict: "info" });

  return {
    id: "footprint",
    title: "Footprint",
    method:
      "Each app's device entry point bundled with esbuild's JavaScript API using the options of the Makefile's `bundle_device`, once plain and once minified, in memory; Moddable SDK modules stay external (the device provides them). " +
      "Bytecode sizes come from the real Moddable 8.2.3 xsc/xsl (`make check-device`). XS memory comes from running each app's real firmware inside the XS engine named in its table (the device's XS 17.9.1 through `wbxs` when `make check-device` has built it, else xsnap's XS 13.3), as `bell sim --engine xs` does.",
    summary,
    tables: [sizeTable, areaTable, bytecodeTable, memTable],
    plots: [{ file: "footprint-caller.svg", caption: "Minified caller bundle by source area", svg: plot }],
    notes: [],
    seeds: [],
    failures: [],
    figures: { bundles, device, xs, xs_scenario: XS_SCENARIO },
  };
};
