/**
 * `bell modem [--pty PATH] [--scenario FILE] [phone and modem options]`: the simulator's LTE
 * modem and phone network (`modem.ts`, `phone-network.ts`) on a pseudo-terminal, in real time
 * (`fake-modem.ts`, `modem-pty.ts`), so an installer or a developer can point a receiver build,
 * `picocom` or the AT driver at it and see, line by line, what the post sent: each AT command
 * and answer, each SMS decoded (to whom, the Vietnamese text), the phones ringing and answering.
 * Lines typed on its standard input act at once (`parseBenchLine`: `sms +84901000002 OK 1`,
 * `fault no-sim`, …). Runs until Ctrl-C (exit 0). Options are checked before the pty is made (exit 2, E_MODEM_OPTION
 * or E_SCENARIO); exit 1 (E_MODEM_PTY) when the pty cannot be made or socat dies.
 *
 * Phones: a scenario's `lte` (vendor, number, modem state, `phones`) and its phone and modem
 * inputs (times from the start of `bell modem`), then the options, which override it.
 */
import { tmpdir } from "node:os";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { Command, Option } from "commander";
import { checkE164 } from "../../firmware/core/sms/phone-number.ts";
import { UsageError, JobError } from "../errors.ts";
import { language, say } from "../lang.ts";
import { FakeModem, formatFakeModemLine, type FakeModemLine, type FakeModemOptions, type PhoneReply } from "./fake-modem.ts";
import { POST_NUMBER_DEFAULT, phoneNames, type ModemInput, type PhoneInput } from "./lte-scenario.ts";
import { MODEM_STATE_DEFAULTS, type ModemState } from "./modem.ts";
import { E_MODEM_OPTION, E_MODEM_PTY, openPty, type PtyEnd } from "./modem-pty.ts";
import type { Answers, PhoneBehaviour } from "./phone-network.ts";
import { loadScenario } from "./scenario.ts";

/** The default path of the pty. */
export const MODEM_PTY_DEFAULT = join(tmpdir(), "bell-modem");

/** `--fault` words → the modem's state (the scenario's `lte.modem` fields). */
export const MODEM_FAULTS: Readonly<Record<string, Partial<ModemState>>> = Object.freeze({
  "no-sim": { sim: false },
  "not-registered": { registered: false },
  "no-signal": { rssi: 99 },
  "no-volte": { volte: false },
  silent: { silent: true },
});

const ANSWERS: readonly Answers[] = ["yes", "no", "busy", "reject"];
/** Longest reply: one UCS-2 SMS (as the scenario's `sms`). */
const REPLY_MAX_CHARS = 70;

/** The options as commander gives them. */
export interface ModemCommandOptions {
  pty?: string;
  scenario?: string;
  vendor?: "simcom" | "quectel";
  number?: string;
  answers?: string[];
  press?: string[];
  reply?: string[];
  replyAfter?: string;
  fault?: string[];
  smsError?: string;
}

/** What the options describe: `FakeModem` options without the plumbing. */
export type FakeModemSetup = Pick<FakeModemOptions, "vendor" | "number" | "state" | "phones" | "replies" | "inputs" | "phoneNames">;

function bad(option: string, why: string): never {
  throw new UsageError(E_MODEM_OPTION, `${option}: ${why} (${E_MODEM_OPTION})`);
}

/** `PHONE=VALUE` with an E.164 phone. */
function phoneValue(option: string, spec: string): [string, string] {
  const eq = spec.indexOf("=");
  if (eq <= 0) bad(`${option} ${spec}`, `expected PHONE=…, e.g. ${option} +84901000002=${option === "--reply" ? "OK 1" : option === "--press" ? "1" : "no"}`);
  const phone = spec.slice(0, eq);
  try {
    checkE164(phone, "the phone");
  } catch (err) {
    bad(`${option} ${spec}`, (err as Error).message);
  }
  return [phone, spec.slice(eq + 1)];
}

/**
 * Checks the options and puts them together with the scenario's `lte`, if any.
 * @throws UsageError E_MODEM_OPTION naming the option and what is expected; E_SCENARIO from the scenario.
 */
export function modemSetup(o: ModemCommandOptions): FakeModemSetup {
  const scenario = o.scenario === undefined ? undefined : loadScenario(o.scenario);
  const lte = scenario?.lte;
  if (scenario !== undefined && lte === undefined) bad(`--scenario ${o.scenario}`, `the scenario has no "lte" (the receiver's modem and the phones): give one that has, e.g. test/fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json`);
  let number = lte?.number ?? POST_NUMBER_DEFAULT;
  if (o.number !== undefined) {
    try {
      number = checkE164(o.number, "--number");
    } catch (err) {
      bad(`--number ${o.number}`, (err as Error).message);
    }
  }
  const state: Partial<ModemState> = { ...lte?.modem };
  for (const f of o.fault ?? []) {
    const s = MODEM_FAULTS[f];
    if (s === undefined) bad(`--fault ${f}`, `expected one of ${Object.keys(MODEM_FAULTS).join(", ")}`);
    Object.assign(state, s);
  }
  if (o.smsError !== undefined) {
    if (o.smsError.trim() === "") bad("--sms-error", 'give the words the modem puts after "+CMS ERROR:", e.g. --sms-error "unknown error"');
    state.smsError = o.smsError;
  }
  const behaviours = new Map<string, Partial<PhoneBehaviour>>((lte?.phones ?? []).map((p) => [p.phone, { ...p.behaviour }]));
  const of = (phone: string) => behaviours.get(phone) ?? (behaviours.set(phone, {}), behaviours.get(phone)!);
  for (const spec of o.answers ?? []) {
    const [phone, way] = phoneValue("--answers", spec);
    if (!(ANSWERS as readonly string[]).includes(way)) bad(`--answers ${spec}`, `expected ${ANSWERS.join(", ")} after the "="`);
    of(phone).answers = way as Answers;
  }
  for (const spec of o.press ?? []) {
    const [phone, key] = phoneValue("--press", spec);
    if (!/^[0-9*#]$/.test(key)) bad(`--press ${spec}`, "expected one DTMF key (0-9, * or #) after the \"=\"");
    const b = of(phone);
    if (b.answers !== undefined && b.answers !== "yes") bad(`--press ${spec}`, `${phone} does not answer (${b.answers}), so it presses nothing`);
    b.answers = "yes";
    b.press = key;
  }
  let afterMs = 10_000;
  if (o.replyAfter !== undefined) {
    const s = /^\d+(\.\d+)?$/.test(o.replyAfter) ? Number(o.replyAfter) : Number.NaN;
    if (!Number.isFinite(s)) bad(`--reply-after ${o.replyAfter}`, "expected seconds ≥ 0, e.g. --reply-after 20");
    afterMs = Math.round(s * 1000);
  }
  const replies: PhoneReply[] = [];
  for (const spec of o.reply ?? []) {
    const [phone, text] = phoneValue("--reply", spec);
    if (text.length < 1 || text.length > REPLY_MAX_CHARS) bad(`--reply ${spec}`, `the text must be 1…${REPLY_MAX_CHARS} characters (one SMS)`);
    if (replies.some((r) => r.phone === phone)) bad(`--reply ${spec}`, `${phone} already has a reply`);
    replies.push({ phone, text, afterMs });
  }
  const inputs = (scenario?.inputs ?? []).filter((i): i is PhoneInput | ModemInput => i.kind === "phone" || i.kind === "modem");
  return {
    vendor: o.vendor ?? lte?.vendor ?? "simcom",
    number,
    state,
    phones: [...behaviours].map(([phone, behaviour]) => ({ phone, behaviour })),
    replies,
    inputs,
    phoneNames: phoneNames(lte, scenario?.devices ?? []),
  };
}

/** What a line typed at the bench does (`parseBenchLine`). */
export type BenchAction =
  | { act: "sms"; phone: string; text: string }
  | { act: "phone"; phone: string; behaviour: Partial<PhoneBehaviour> }
  | { act: "modem"; state: Partial<ModemState> }
  | { act: "help" };

/**
 * A line typed on `bell modem`'s standard input, checked as the options are (one set of checks):
 * `sms PHONE TEXT` (the phone texts the post now), `answers PHONE yes|no|busy|reject`,
 * `press PHONE KEY`, `fault no-sim|not-registered|no-signal|no-volte|silent|none`,
 * `sms-error WORDS|none`, `help`.
 * @returns undefined for an empty line.
 * @throws UsageError E_MODEM_OPTION naming what is wrong and the forms it takes.
 */
export function parseBenchLine(line: string): BenchAction | undefined {
  const words = line.trim().split(/\s+/);
  const [verb, first, ...rest] = words;
  if (verb === undefined || verb === "") return undefined;
  // the options' checks, their words said of the typed line rather than of an option
  const checked = <T>(setup: () => T): T => {
    try {
      return setup();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      const why = err.message.replace(/^[^:]*: /, "").replace(` (${E_MODEM_OPTION})`, "");
      return bad(line.trim(), why);
    }
  };
  const one = (what: string): string => {
    if (first === undefined || rest.length > 0) bad(line.trim(), `expected ${verb} ${what}`);
    return first!;
  };
  switch (verb) {
    case "sms": {
      if (first === undefined || rest.length === 0) bad(line.trim(), "expected sms PHONE TEXT, e.g. sms +84901000002 OK 1");
      const r = checked(() => modemSetup({ reply: [`${first}=${rest.join(" ")}`] })).replies![0]!;
      return { act: "sms", phone: r.phone, text: r.text };
    }
    case "answers":
    case "press": {
      if (first === undefined || rest.length !== 1) bad(line.trim(), `expected ${verb} PHONE ${verb === "press" ? "KEY" : "yes|no|busy|reject"}`);
      const p = checked(() => modemSetup({ [verb]: [`${first}=${rest[0]}`] })).phones![0]!;
      return { act: "phone", phone: p.phone, behaviour: p.behaviour };
    }
    case "fault": {
      const what = one(`${Object.keys(MODEM_FAULTS).join("|")}|none`);
      return { act: "modem", state: what === "none" ? { ...MODEM_STATE_DEFAULTS } : checked(() => modemSetup({ fault: [what] })).state! };
    }
    case "sms-error": {
      if (first === undefined) bad(line.trim(), "expected sms-error WORDS (every SMS refused with +CMS ERROR: WORDS) or sms-error none");
      const words = [first, ...rest].join(" ");
      return { act: "modem", state: { smsError: words === "none" ? undefined : words } };
    }
    case "help":
    case "?":
      return { act: "help" };
    default:
      return bad(line.trim(), "unknown; type help for the list: sms, answers, press, fault, sms-error");
  }
}

/** Options of `runFakeModemOnPty`. */
export interface FakeModemRunOptions extends FakeModemSetup {
  /** Where the pty's link goes. */
  path: string;
  log(line: FakeModemLine): void;
  lang?: FakeModemOptions["lang"];
  speed?: number;
}

/** A fake modem serving a pty. */
export interface FakeModemOnPty {
  readonly path: string;
  readonly modem: FakeModem;
  /** Resolves with why when socat ends by itself. */
  readonly ended: Promise<string>;
  /** Stops the modem and the pty. */
  close(): Promise<void>;
}

/**
 * Makes the pty and runs the fake modem on it until `close`.
 * @throws what `openPty` and `FakeModem` throw.
 */
export async function runFakeModemOnPty(o: FakeModemRunOptions): Promise<FakeModemOnPty> {
  let pty: PtyEnd | undefined;
  const modem = new FakeModem({ ...o, toTerminal: (bytes) => pty?.write(bytes) });
  pty = await openPty(o.path, (bytes) => modem.receive(bytes));
  modem.start();
  const end = pty;
  return {
    path: end.path,
    modem,
    ended: end.ended,
    close: async () => {
      modem.stop();
      await end.close();
    },
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds `modem` to the `bell` program. */
export function register(program: Command): void {
  program
    .command("modem")
    .description("the simulator's LTE modem and phones on a pseudo-terminal, in real time: point a receiver build, picocom or the AT driver at it")
    .option("--pty <path>", "where the pseudo-terminal appears", MODEM_PTY_DEFAULT)
    .option("--scenario <file>", "take the modem and phones from this scenario's lte, and its phone and modem inputs (times from the start)")
    .addOption(new Option("--vendor <name>", "which module it answers as (default: the scenario's, else simcom)").choices(["simcom", "quectel"]))
    .option("--number <e164>", `the post SIM's number (default: the scenario's, else ${POST_NUMBER_DEFAULT})`)
    .option("--answers <phone=way>", "how a phone answers calls: yes (after 8 s), no (rings out), busy, reject; repeatable", collect)
    .option("--press <phone=key>", "the phone answers and presses this key 3 s later (1 takes the alarm); repeatable", collect)
    .option("--reply <phone=text>", 'the phone texts the post back after its first SMS, e.g. "+84901000002=OK 1"; repeatable', collect)
    .option("--reply-after <s>", "seconds between a phone's first SMS and its reply (default 10)")
    .option("--fault <what>", `the modem is faulty: ${Object.keys(MODEM_FAULTS).join(", ")}; repeatable`, collect)
    .option("--sms-error <words>", 'every SMS is refused with "+CMS ERROR: <words>"')
    .option("--json", "print the log as JSON Lines")
    .action(async (o: ModemCommandOptions & { pty: string; json?: boolean }) => {
      const setup = modemSetup(o);
      const out = (line: FakeModemLine) => void process.stdout.write((o.json ? JSON.stringify(line) : formatFakeModemLine(line)) + "\n");
      const run = await runFakeModemOnPty({ ...setup, path: o.pty, log: out, lang: language() });
      const phones = setup.phones!.map((p) => `${p.phone} ${JSON.stringify(p.behaviour)}`);
      const replies = setup.replies!.map((r) => `${r.phone} → "${r.text}" +${r.afterMs / 1000} s`);
      process.stderr.write(`${say("modem.ready", { vendor: setup.vendor, number: setup.number, path: run.path })}\n`);
      process.stderr.write(`${say("modem.phones", { phones: [...phones, ...replies, say("modem.phones.default")].join("; ") })}\n`);
      process.stderr.write(`${say("modem.bench.help")}\n`);
      const typed = createInterface({ input: process.stdin, terminal: false });
      typed.on("line", (line) => {
        try {
          const a = parseBenchLine(line);
          if (a === undefined) return;
          if (a.act === "help") process.stderr.write(`${say("modem.bench.help")}\n`);
          else if (a.act === "sms") run.modem.phoneSends(a.phone, a.text);
          else if (a.act === "phone") run.modem.describePhone(a.phone, a.behaviour);
          else run.modem.setModem(a.state);
          if (a.act === "phone" || a.act === "modem") process.stderr.write(`${say("modem.bench.done", { what: line.trim() })}\n`);
        } catch (err) {
          process.stderr.write(`${(err as Error).message}\n`);
        }
      });
      let stop!: () => void;
      const stopped = new Promise<undefined>((resolve) => (stop = () => resolve(undefined)));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        const why = await Promise.race([stopped, run.ended]);
        if (why !== undefined) throw new JobError(E_MODEM_PTY, `the pseudo-terminal went away: ${why} (${E_MODEM_PTY})`);
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        typed.close();
        process.stdin.destroy();
        await run.close();
      }
    });
}
