/**
 * `bell sim --engine xs`: runs the scenario with the XS engine and writes what the engine
 * measured — bundle sizes, XS heap after boot and at the end, computrons, speed — as a short
 * report on stderr, so that stdout (the timeline or the `--json` stream) is exactly what the
 * Node engine prints.
 */
import type { RunOptions, RunResult } from "../sim/run.ts";
import type { Scenario } from "../sim/scenario.ts";
import { HOST_SLOT_BYTES, runScenarioInXs, type XsRunResult, type XsRunStats } from "./engine.ts";
import { XS_WORKER_LABEL } from "./worker.ts";

/** Bytes of an XS slot on an ESP32 (32-bit build: 16; `xs/sources/xsAll.h` txSlot). */
export const ESP32_SLOT_BYTES = 16;

/** A `runScenario` that runs in XS and hands the report to `write` (one string, lines ending "\n"). */
export function xsRunner(write: (text: string) => void): (scenario: Scenario, options?: RunOptions) => RunResult {
  return (scenario, options = {}) => {
    const result = runScenarioInXs(scenario, options, { measureBundles: true });
    write(formatXsReport(result));
    return result;
  };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Slots above the empty machine, and what they would weigh on an ESP32. */
function slots(n: number | undefined, empty: number | undefined): string {
  if (n === undefined) return "—";
  if (empty === undefined) return `${n} slots`;
  const own = n - empty;
  return `${own} slots (≈ ${kib(own * ESP32_SLOT_BYTES)} on ESP32, ${kib(own * HOST_SLOT_BYTES)} here)`;
}

/** The report: one block per role's bundle, one line per device, then the speed. */
export function formatXsReport(result: XsRunResult): string {
  const xs: XsRunStats = result.xs;
  const lines = [`XS engine (${XS_WORKER_LABEL}):`];
  for (const [role, b] of Object.entries(xs.bundles)) {
    if (!b) continue;
    const min = b.minifiedFirmwareBytes === undefined ? "" : `, ${kib(b.minifiedFirmwareBytes)} minified`;
    lines.push(`  bundle ${role} (${b.entry}): device code ${kib(b.firmwareBytes)}${min}; with stand-ins ${kib(b.bytes)}`);
  }
  if (xs.emptyHeapSlots !== undefined) lines.push(`  heap figures: live slots after a collection, above an empty XS machine (${xs.emptyHeapSlots} slots)`);
  for (const d of xs.devices) {
    lines.push(
      `  ${d.role} ${d.id}: ${d.boots} boot${d.boots === 1 ? "" : "s"}, heap after boot ${slots(d.heapSlotsAfterBoot, xs.emptyHeapSlots)}, at end ${slots(d.heapSlotsAtEnd, xs.emptyHeapSlots)}; ` +
        `${d.computrons} computrons, ${d.commands} callbacks, ${d.queries} calls to the host, ${Math.round(d.xsMs)} ms in XS`,
    );
    for (const line of d.console.slice(0, 5)) lines.push(`    console: ${line}`);
  }
  const simulatedS = result.endMs / 1000;
  const wallS = xs.runWallMs / 1000;
  lines.push(
    `  speed: ${simulatedS} s simulated in ${wallS.toFixed(2)} s wall (${(simulatedS / wallS).toFixed(0)} simulated s per wall s; ` +
      `bundling ${Math.round(xs.bundleMs)} ms of it)`,
  );
  return lines.join("\n") + "\n";
}
