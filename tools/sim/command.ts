/**
 * `bell sim [FILE] [--json] [--seed N] [--until-ms N] [--detail] [--engine node|xs]
 *   [--console DEVICE=PATH… [--unprovisioned]]` (ARCHITECTURE §5; consoles: `console-run.ts`).
 *
 * Runs a scenario (default: `default-deployment.json`, a commune police post and four callers)
 * in virtual time and prints a readable timeline, or with `--json` the event stream as JSON
 * Lines (summary last). A scenario with callers on MQTT (`"transport": "mqtt"`) runs paced to the
 * wall clock against its broker (`mqtt-run.ts`); Ctrl-C ends it. Exit 0 when the simulation ran; 2 for a bad scenario or bad options
 * (`E_SCENARIO`); 1 when app code threw (`E_SIM_APP`).
 */
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError, Option } from "commander";
import { provision } from "./provision.ts";
import { SEED_MAX } from "./random.ts";
import { runScenario, type SimEvent } from "./run.ts";
import { E_SCENARIO, loadScenario } from "./scenario.ts";
import { UsageError } from "../errors.ts";
import { phoneNames } from "./lte-scenario.ts";
import { Timeline } from "./timeline.ts";
import { language, say } from "../lang.ts";
import { SCREEN_PROFILES, screenProfile } from "../../firmware/core/screen/profiles.ts";

/** The scenario `bell sim` runs without FILE. */
export const DEFAULT_DEPLOYMENT = fileURLToPath(new URL("./default-deployment.json", import.meta.url));

function integerOption(name: string, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) > max) throw new InvalidArgumentError(`${name} must be an integer 0…${max}`);
    return Number(value);
  };
}

/** Adds `sim` to the `bell` program. */
export function register(program: Command): void {
  program
    .command("sim")
    .description("run a deployment in virtual time (default: the built-in police post and four callers)")
    .argument("[file]", "scenario JSON file (ARCHITECTURE §4; schema: tools/sim/scenario.schema.json)")
    .option("--json", "print the event stream as JSON Lines instead of the timeline")
    .option("--seed <n>", "seed of every random stream (overrides the scenario's)", integerOption("--seed", SEED_MAX))
    .option("--until-ms <n>", "stop at this virtual time, ms", integerOption("--until-ms", Number.MAX_SAFE_INTEGER))
    .option("--detail", "also report pin changes and every frame on the air")
    .option("--console <device=path>", "put a device on a serial console (one end of a pty pair), paced to the wall clock, for bell provision and bell monitor; repeatable", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--unprovisioned", "with --console: those devices start with no identity (provision them with bell provision)")
    .option("--screens <dir>", "write a PNG of the receiver's screen at each change into DIR (issue 13)")
    .addOption(new Option("--screen-profile <profile>", "the receiver's screen for --screens").choices(Object.keys(SCREEN_PROFILES)).default("ili9341"))
    .addOption(new Option("--screen-lang <lang>", "the language the screen is built in (a build option of the device)").choices(["vi", "en"]).default("vi"))
    .addOption(new Option("--engine <engine>", "where the firmware runs: node, or xs (each device in its own XS worker; its report goes to stderr)").choices(["node", "xs"]).default("node"))
    .action(async (file: string | undefined, opts: { json?: boolean; seed?: number; untilMs?: number; detail?: boolean; engine: "node" | "xs"; console: string[]; unprovisioned?: boolean; screens?: string; screenProfile: string; screenLang: "vi" | "en" }) => {
      if (opts.console.length > 0 || opts.unprovisioned) return (await import("./console-run.ts")).consoleCommand(file ?? DEFAULT_DEPLOYMENT, opts);
      const run = opts.engine === "xs" ? (await import("../xs/report.ts")).xsRunner((text) => process.stderr.write(text)) : runScenario;
      const scenario = loadScenario(file ?? DEFAULT_DEPLOYMENT);
      const seed = opts.seed ?? scenario.seed;
      const out = new LineWriter();
      let print: (e: SimEvent) => string;
      if (opts.json) {
        print = (e) => JSON.stringify(e);
      } else {
        const ids = provision(scenario.devices, seed).map((p) => p.identity);
        // The run ends at --until-ms when it comes first: the header says how long it will really run.
        const runMs = Math.min(opts.untilMs ?? scenario.durationMs, scenario.durationMs);
        const timeline = new Timeline(
          {
            byId: new Map(ids.map((i) => [i.id, i.name])),
            byNodeId: new Map(ids.map((i) => [i.nodeId, i.name])),
            byAddress: new Map(ids.map((i) => [i.address, i.name])),
            byPhone: phoneNames(scenario.lte, ids),
          },
          runMs,
          language(),
          scenario.devices.some((d) => d.transport === "mqtt") ? "mqtt" : undefined,
        );
        out.write(say("summary.header", { name: scenario.name, seed, devices: scenario.devices.length, seconds: runMs / 1000 }));
        print = (e) => timeline.line(e);
      }
      if (scenario.devices.some((d) => d.transport === "mqtt")) {
        // Callers on MQTT: a real broker, so the run is paced to the wall clock (`mqtt-run.ts`).
        if (opts.engine !== "node") throw new UsageError(E_SCENARIO, `${file}: callers with "transport": "mqtt" run on Node only; leave out --engine xs`);
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        try {
          const { runWithMqtt } = await import("./mqtt-run.ts");
          await runWithMqtt({ scenario, seed, untilMs: opts.untilMs, detail: opts.detail, keepEvents: false, signal: controller.signal, onEvent: (e) => void process.stdout.write(print(e) + "\n") });
        } finally {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          out.flush();
        }
        return;
      }
      if (opts.screens !== undefined && opts.engine !== "node") throw new UsageError(E_SCENARIO, "--screens runs on the Node engine only: under --engine xs the receiver has no screen; leave out --engine xs");
      const screens = opts.screens === undefined ? undefined : await screenRecorder(opts.screens, opts.screenProfile, opts.screenLang);
      try {
        run(scenario, { seed, untilMs: opts.untilMs, detail: opts.detail, keepEvents: false, screens, onEvent: (e) => out.write(print(e)) });
      } finally {
        out.flush();
        screens?.finish();
      }
      if (screens !== undefined) process.stderr.write(say("sim.screens_written", { count: screens.frames.length, dir: opts.screens }) + "\n");
    });
}

/** The receiver screens' recorder of `bell sim --screens` (loaded only when asked for). */
async function screenRecorder(dir: string, profile: string, lang: "vi" | "en") {
  const { ScreenRecorder } = await import("../screen/recorder.ts");
  return new ScreenRecorder({ dir, profile: screenProfile(profile), lang });
}

/** Buffers lines and writes them to stdout in large chunks. */
class LineWriter {
  private lines: string[] = [];
  private chars = 0;

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length + 1;
    if (this.chars > 1 << 16) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    process.stdout.write(this.lines.join("\n") + "\n");
    this.lines = [];
    this.chars = 0;
  }
}
