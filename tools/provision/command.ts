/**
 * `bell provision …`: the deployment registry of a police post and the boards' identities
 * (`docs/console.md` §Provisioning, step by step).
 *
 * - `init --post ID --name NAME [--channel N]`: a new registry `<ID>.bell.json` with the receiver;
 * - `add-caller ID --name NAME`: a new caller (next node id, a new key);
 * - `replace ID`: the caller's board was replaced or wiped (new key, new node id);
 * - `remove ID`: the place closed;
 * - `escalation JSON | --off`: a new duty list and escalation settings for the receiver (an
 *   officer changed), or none; the receiver is then provisioned again;
 * - `device ID [--port P]`: gives the plugged-in board its identity over its console;
 * - `show`: the post, its devices, the duty list (names and whole numbers, for the installer to
 *   check) and the escalation settings off their defaults, and what is left to do (never the keys).
 *
 * Every subcommand takes `--registry FILE`; without it, the registry is `$BELL_REGISTRY`, or the
 * one `*.bell.json` file in the current directory. Exit status: 0 done, 1 the job failed (the
 * board did not answer, refused, or is another board), 2 bad usage or a bad registry.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { ESCALATION_DEFAULTS, escalationSettingsJson, parseEscalationSettings } from "../../firmware/core/escalation/settings.ts";
import { ESPNOW_LIMITS } from "../../firmware/hal/radio.ts";
import { UsageError } from "../errors.ts";
import { say } from "../lang.ts";
import { withId } from "../flash/errors.ts";
import { findPort } from "../flash/ports.ts";
import { CONSOLE_CLIENT_DEFAULTS, ConsolePort } from "../monitor/console-client.ts";
import { provisionBoard, stepsText } from "./board.ts";
import { deviceState, nextSteps } from "./plan.ts";
import { addCaller, E_REGISTRY, findDevice, loadRegistry, newRegistry, removeCaller, replaceCaller, saveRegistry, setEscalation, type Registry } from "./registry.ts";

/** The registry file's suffix: `<post>.bell.json`. */
export const REGISTRY_SUFFIX = ".bell.json";

/** Channel of a new registry when `--channel` is not given. */
export const DEFAULT_CHANNEL = 6;

/**
 * The registry file to use: `--registry`, else `$BELL_REGISTRY`, else the one `*.bell.json` in `dir`.
 * @throws UsageError E_REGISTRY when there is none or several.
 */
export function resolveRegistry(option: string | undefined, dir = process.cwd(), env = process.env): string {
  if (option !== undefined) return option;
  if (env.BELL_REGISTRY) return env.BELL_REGISTRY;
  const found = readdirSync(dir).filter((n) => n.endsWith(REGISTRY_SUFFIX)).sort();
  if (found.length === 1) return path.join(dir, found[0]!);
  if (found.length === 0) {
    throw new UsageError(E_REGISTRY, withId(E_REGISTRY, say("provision.err.no_registry", { dir, suffix: REGISTRY_SUFFIX })));
  }
  throw new UsageError(E_REGISTRY, withId(E_REGISTRY, say("provision.err.several_registries", { dir, files: found.join(", "), first: found[0] })));
}

function channelOption(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < ESPNOW_LIMITS.minChannel || n > ESPNOW_LIMITS.maxChannel) {
    throw new InvalidArgumentError(say("provision.option.channel", { min: ESPNOW_LIMITS.minChannel, max: ESPNOW_LIMITS.maxChannel }));
  }
  return n;
}

function baudOption(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 9600 || n > 4_000_000) throw new InvalidArgumentError(say("console.option.baud"));
  return n;
}

function settingsOption(value: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(say("provision.option.settings", { example: '{"hold_ms":400}' }));
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new InvalidArgumentError(say("provision.option.settings", { example: '{"hold_ms":400}' }));
  return json as Record<string, unknown>;
}

const out = (text: string) => void process.stdout.write(text);
const warn = (text: string) => void process.stderr.write(text);

/** Adds `provision` to the `bell` program. */
export function register(program: Command): void {
  const provision = program
    .command("provision")
    .description("keep the registry of a police post and give each board its identity over USB");

  provision
    .command("init")
    .description("create the registry of a post, with its receiver")
    .requiredOption("--post <id>", "short id of the post, e.g. xuan-pho (lower-case letters, digits, hyphens)")
    .requiredOption("--name <name>", "the post's name, e.g. \"Công an xã Xuân Phổ\"")
    .option("--channel <n>", `Wi-Fi channel of every device, ${ESPNOW_LIMITS.minChannel}…${ESPNOW_LIMITS.maxChannel}`, channelOption, DEFAULT_CHANNEL)
    .option("--receiver-id <id>", "device id of the receiver", "post")
    .option("--mac <mac>", "the receiver board's MAC, if known (else learned when it is plugged in)")
    .option("--settings <json>", "receiver settings, e.g. '{\"offline_after_ms\":300000}'", settingsOption)
    .option("--escalation <json>", "duty phones and escalation settings, e.g. '{\"duty\":[{\"phone\":\"+84901234567\",\"name\":\"Đ/c An\"}]}'", settingsOption)
    .option("--registry <file>", `where to write it (default <post>${REGISTRY_SUFFIX} here)`)
    .action((o: { post: string; name: string; channel: number; receiverId: string; mac?: string; settings?: Record<string, unknown>; escalation?: Record<string, unknown>; registry?: string }) => {
      const r = newRegistry({ postId: o.post, postName: o.name, channel: o.channel, receiverId: o.receiverId, receiverMac: o.mac, receiverSettings: o.settings, receiverEscalation: o.escalation });
      const file = o.registry ?? `${r.post.id}${REGISTRY_SUFFIX}`;
      if (existsSync(file)) {
        throw new UsageError(E_REGISTRY, withId(E_REGISTRY, say("provision.err.registry_exists", { file })));
      }
      saveRegistry(file, r);
      out(say("provision.created", { file, name: r.post.name, post: r.post.id, channel: r.channel, receiver: r.devices[0]!.id }) + "\n");
      out(say("provision.keep_private") + "\n");
      out(say("provision.next_add") + "\n");
    });

  provision
    .command("add-caller")
    .description("add a caller (a new node id and a new key)")
    .argument("<id>", "device id, e.g. clinic")
    .requiredOption("--name <name>", "the place, e.g. \"Trạm y tế\"")
    .option("--mac <mac>", "the board's MAC, if known (else learned when it is plugged in)")
    .option("--settings <json>", "caller settings, e.g. '{\"hold_ms\":400}'", settingsOption)
    .option("--registry <file>", "the post's registry")
    .action((id: string, o: { name: string; mac?: string; settings?: Record<string, unknown>; registry?: string }) => {
      const file = resolveRegistry(o.registry);
      const r = loadRegistry(file, warn);
      const device = addCaller(r, { id, name: o.name, mac: o.mac, settings: o.settings });
      saveRegistry(file, r);
      out(say("provision.added", { id: device.id, name: device.name, node: device.nodeId }) + "\n" + stepsText(nextSteps(r)));
    });

  provision
    .command("replace")
    .description("a caller's board was replaced or wiped: give it a new key and node id")
    .argument("<id>", "the caller's device id")
    .option("--registry <file>", "the post's registry")
    .action((id: string, o: { registry?: string }) => {
      const file = resolveRegistry(o.registry);
      const r = loadRegistry(file, warn);
      const device = replaceCaller(r, id);
      saveRegistry(file, r);
      out(say("provision.replaced", { id: device.id, name: device.name, node: device.nodeId, receiver: r.devices[0]!.id }) + "\n" + stepsText(nextSteps(r)));
    });

  provision
    .command("remove")
    .description("remove a caller (a place that closed)")
    .argument("<id>", "the caller's device id")
    .option("--registry <file>", "the post's registry")
    .action((id: string, o: { registry?: string }) => {
      const file = resolveRegistry(o.registry);
      const r = loadRegistry(file, warn);
      const device = removeCaller(r, id);
      saveRegistry(file, r);
      out(say("provision.removed", { id: device.id, name: device.name }) + "\n" + stepsText(nextSteps(r)));
    });

  provision
    .command("escalation")
    .description("the receiver's duty phones and escalation settings (an officer changed), or --off")
    .argument("[json]", "e.g. '{\"duty\":[{\"phone\":\"+84901234567\",\"name\":\"Đ/c An\"}],\"escalate_after_ms\":30000}'", settingsOption)
    .option("--off", "no escalation: the post no longer texts or calls anyone")
    .option("--registry <file>", "the post's registry")
    .action((json: Record<string, unknown> | undefined, o: { off?: boolean; registry?: string }) => {
      if ((json === undefined) === (o.off !== true)) throw new UsageError(E_REGISTRY, withId(E_REGISTRY, say("provision.err.escalation_usage")));
      const file = resolveRegistry(o.registry);
      const r = loadRegistry(file, warn);
      const receiver = setEscalation(r, json);
      saveRegistry(file, r);
      const duty = (receiver.escalation?.duty as { phone: string; name: string }[] | undefined) ?? [];
      const text = duty.length === 0 ? say("provision.escalation.off", { id: receiver.id }) : say("provision.escalation.set", { id: receiver.id, duty: duty.map((d) => `${d.name} ${d.phone}`).join(", ") });
      out(text + "\n" + stepsText(nextSteps(r)));
      // field finding 2's "--off" note: removing the list must not pass unnoticed
      if (duty.length === 0) warn(say("provision.escalation.off_warning", { id: receiver.id }) + "\n");
    });

  provision
    .command("device")
    .description("give the plugged-in board its identity over USB and restart it")
    .argument("<id>", "device id in the registry, e.g. clinic or post")
    .option("--port <path>", "serial port of the board (default: the one ESP32 board plugged in)")
    .option("--baud <n>", "console speed, bits/s", baudOption, CONSOLE_CLIENT_DEFAULTS.baudRate)
    .option("--registry <file>", "the post's registry")
    .action(async (id: string, o: { port?: string; baud: number; registry?: string }) => {
      const file = resolveRegistry(o.registry);
      const r = loadRegistry(file, warn);
      findDevice(r, id); // an unknown id is refused before any port is opened
      const chosen = await findPort({ requested: o.port, command: `bell provision device ${id}` });
      const port = await ConsolePort.open({ path: chosen.path, baudRate: o.baud });
      try {
        await provisionBoard({ registry: r, deviceId: id, port, save: (reg) => saveRegistry(file, reg), out });
      } finally {
        await port.close();
      }
    });

  provision
    .command("show")
    .description("the post, its devices and what is left to do (never the keys)")
    .option("--json", "as JSON")
    .option("--registry <file>", "the post's registry")
    .action((o: { json?: boolean; registry?: string }) => {
      const file = resolveRegistry(o.registry);
      const r = loadRegistry(file, warn);
      out(o.json ? JSON.stringify(showJson(r, file)) + "\n" : showText(r, file));
    });
}


/** The registry for a person: no keys. */
export function showText(r: Registry, file: string): string {
  const rows = r.devices.map((d) => {
    const state = deviceState(r, d);
    const when = state.kind === "current" && d.provisioned ? ` (${d.provisioned.at.slice(0, 16).replace("T", " ")})` : "";
    return [d.id, say(`timeline.role.${d.role}`), say("provision.show.node", { node: d.nodeId }), d.name, d.mac ?? say("provision.show.no_address"), say(`provision.state.${state.kind}`) + when];
  });
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => [...row[i]!].length)));
  const lines = rows.map((row) => "  " + row.map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat(widths[i]! - [...cell].length))).join("  "));
  return say("provision.show.header", { post: r.post.id, name: r.post.name, channel: r.channel, file }) + `\n${lines.join("\n")}\n` + escalationText(r) + stepsText(nextSteps(r));
}

/**
 * The receiver's duty list and the escalation settings that differ from their defaults
 * (`ESCALATION_DEFAULTS`, `firmware/core/escalation/settings.ts`), as the registry holds them
 * (the receiver's identity once provisioned); undefined when the post has no duty list.
 * Numbers are whole: the installer checks them against the officers' phones.
 */
export function escalationSummary(r: Registry): { duty: { phone: string; name: string }[]; changed: Record<string, unknown> } | undefined {
  const stored = r.devices.find((d) => d.role === "receiver")?.escalation;
  if (stored === undefined) return undefined;
  const settings = escalationSettingsJson(parseEscalationSettings(stored));
  const defaults = escalationSettingsJson({ duty: [], ...ESCALATION_DEFAULTS });
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(settings)) if (name !== "duty" && value !== defaults[name]) changed[name] = value;
  return { duty: (settings.duty as { phone: string; name: string }[]).map((d) => ({ phone: d.phone, name: d.name })), changed };
}

function escalationText(r: Registry): string {
  const s = escalationSummary(r);
  // a receiver provisioned with something else still holds its old list: the registry's is not
  // what the post does yet (field finding 5); one never provisioned will get this one
  const receiver = r.devices.find((d) => d.role === "receiver");
  const onPost = receiver === undefined || deviceState(r, receiver).kind !== "stale";
  if (s === undefined) return say(onPost ? "provision.show.no_duty" : "provision.show.no_duty_pending") + "\n";
  const width = Math.max(...s.duty.map((d) => [...d.name].length));
  const officers = s.duty.map((d, k) => `  ${String(k + 1).padStart(2)}. ${d.name}${" ".repeat(width - [...d.name].length)}  ${d.phone}`);
  const defaults = escalationSettingsJson({ duty: [], ...ESCALATION_DEFAULTS });
  const changed = Object.entries(s.changed).map(([name, value]) => "  " + say("provision.show.setting", { name, value: String(value), default: String(defaults[name]) }));
  const settings = changed.length === 0 ? [say("provision.show.escalation_defaults")] : [say("provision.show.escalation_changed"), ...changed];
  return [say(onPost ? "provision.show.duty" : "provision.show.duty_pending"), ...officers, ...settings].join("\n") + "\n";
}

/** The registry as JSON for scripts: no keys. */
export function showJson(r: Registry, file: string): unknown {
  return {
    registry: file,
    post: r.post,
    channel: r.channel,
    devices: r.devices.map((d) => ({
      id: d.id,
      role: d.role,
      name: d.name,
      node: d.nodeId,
      mac: d.mac ?? null,
      ...(d.settings === undefined ? {} : { settings: d.settings }),
      state: deviceState(r, d).kind,
      provisioned_at: d.provisioned?.at ?? null,
    })),
    escalation: escalationSummary(r) ?? null,
    next: nextSteps(r).map((s) => ({ device: s.device.id, command: s.command, why: s.why })),
  };
}
