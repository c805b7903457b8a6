/**
 * The scenario's LTE part (issue 14): the top-level `lte` (the receiver's modem, the duty list
 * and escalation settings, how phones answer) and the inputs of phones (`phone` + `sms` or
 * `answers`) and of the modem (`modem` on the receiver). The JSON Schema checks the shapes;
 * this checks what a schema cannot: the device is the receiver, the settings pass
 * `parseEscalationSettings`, a phone input needs `lte`, `press` goes with `answers: "yes"`.
 * Refusals go through the scenario's `fail` (E_SCENARIO, with the JSON path).
 */
import { EscalationSettingsError, parseEscalationSettings, type EscalationSettings } from "../../firmware/core/escalation/settings.ts";
import type { ModemState } from "./modem.ts";
import type { Answers, PhoneBehaviour } from "./phone-network.ts";

/** The `lte` of a loaded scenario. */
export interface ScenarioLte {
  device: string;
  vendor: "simcom" | "quectel";
  number: string;
  modem: Partial<ModemState>;
  escalation: EscalationSettings;
  phones: { phone: string; behaviour: Partial<PhoneBehaviour> }[];
}

/** A phone's input. */
export interface PhoneInput {
  kind: "phone";
  atUs: number;
  /** Always the lte device (the modem's), for engine bookkeeping. */
  device: string;
  where: string;
  phone: string;
  /** Sends this SMS to the post, or … */
  sms?: string;
  /** … changes how it answers from now on. */
  behaviour?: Partial<PhoneBehaviour>;
}

/** A change of the modem's state. */
export interface ModemInput {
  kind: "modem";
  atUs: number;
  device: string;
  where: string;
  state: Partial<ModemState>;
}

export interface ModemJson {
  sim?: boolean;
  registered?: boolean;
  rssi?: number;
  volte?: boolean;
  sms_error?: string;
  silent?: boolean;
}
export interface PhoneJson {
  phone: string;
  answers?: Answers;
  press?: string;
  ring_ms?: number;
}
export interface LteJson {
  device: string;
  vendor?: "simcom" | "quectel";
  number?: string;
  modem?: ModemJson;
  escalation: unknown;
  phones?: PhoneJson[];
}

type Fail = (where: string, why: string) => never;

/** The default number of the post's SIM. */
export const POST_NUMBER_DEFAULT = "+84912000000";

/** Checks `lte` against the devices. */
export function parseLte(j: LteJson, devices: readonly { id: string; role: string }[], fail: Fail): ScenarioLte {
  const d = devices.find((x) => x.id === j.device);
  if (!d) fail("lte.device", `no device "${j.device}" (devices: ${devices.map((x) => x.id).join(", ")})`);
  if (d!.role !== "receiver") fail("lte.device", `"${j.device}" is a ${d!.role}: the modem is on the receiver`);
  let escalation: EscalationSettings;
  try {
    escalation = parseEscalationSettings(j.escalation, "lte.escalation");
  } catch (err) {
    if (err instanceof EscalationSettingsError) return fail(err.path, err.reason);
    throw err;
  }
  return {
    device: j.device,
    vendor: j.vendor ?? "simcom",
    number: j.number ?? POST_NUMBER_DEFAULT,
    modem: modemState(j.modem ?? {}),
    escalation: escalation!,
    phones: (j.phones ?? []).map((p, i) => ({ phone: p.phone, behaviour: behaviour(p, `lte.phones[${i}]`, fail) })),
  };
}

/** A phone or modem input; `lte` is the scenario's, if any. */
export function parseLteInput(
  inp: { at_ms: number; device?: string; phone?: string; sms?: string; answers?: Answers; press?: string; ring_ms?: number; modem?: ModemJson },
  at: string,
  lte: ScenarioLte | undefined,
  fail: Fail,
): PhoneInput | ModemInput {
  const atUs = Math.round(inp.at_ms * 1000);
  if (!lte) return fail(at, `a ${inp.phone !== undefined ? "phone" : "modem"} input needs the top-level "lte" (the receiver's modem and the duty list)`);
  if (inp.phone !== undefined) {
    if (inp.device !== undefined) fail(`${at}.device`, "a phone input names the phone, not a device");
    if (inp.modem !== undefined) fail(`${at}.modem`, "goes with the receiver's device, not a phone");
    const acts = (["sms", "answers"] as const).filter((k) => inp[k] !== undefined);
    if (acts.length !== 1) fail(at, acts.length === 0 ? "says nothing the phone does: give sms or answers" : "gives sms and answers: give one of them");
    const base = { kind: "phone" as const, atUs, device: lte!.device, where: at, phone: inp.phone };
    return inp.sms !== undefined ? { ...base, sms: inp.sms } : { ...base, behaviour: behaviour(inp as PhoneJson, at, fail) };
  }
  if (inp.device !== lte!.device) fail(`${at}.device`, `a modem input goes with "${lte!.device}", the device that has the modem (lte.device)`);
  return { kind: "modem", atUs, device: lte!.device, where: at, state: modemState(inp.modem!) };
}

function behaviour(p: PhoneJson, at: string, fail: Fail): Partial<PhoneBehaviour> {
  if (p.press !== undefined && p.answers !== undefined && p.answers !== "yes") fail(`${at}.press`, `only goes with "answers": "yes" (a phone that does not answer presses nothing)`);
  const b: Partial<PhoneBehaviour> = {};
  if (p.answers !== undefined) b.answers = p.answers;
  if (p.press !== undefined) b.press = p.press;
  if (p.ring_ms !== undefined) b.ringMs = p.ring_ms;
  return b;
}

function modemState(m: ModemJson): Partial<ModemState> {
  const s: Partial<ModemState> = {};
  if (m.sim !== undefined) s.sim = m.sim;
  if (m.registered !== undefined) s.registered = m.registered;
  if (m.rssi !== undefined) s.rssi = m.rssi;
  if (m.volte !== undefined) s.volte = m.volte;
  if (m.sms_error !== undefined) s.smsError = m.sms_error;
  if (m.silent !== undefined) s.silent = m.silent;
  return s;
}

/**
 * Who each phone of the scenario's `lte` is, for the timeline's `byPhone`: every duty number → the
 * officer's name, and the post SIM's number → the post's place name (empty without `lte`).
 */
export function phoneNames(lte: Pick<ScenarioLte, "escalation" | "number" | "device"> | undefined, devices: readonly { id: string; name: string }[]): Map<string, string> {
  const names = new Map<string, string>();
  if (lte === undefined) return names;
  const post = devices.find((d) => d.id === lte.device);
  if (post !== undefined) names.set(lte.number, post.name);
  for (const d of lte.escalation.duty) names.set(d.phone, d.name);
  return names;
}
