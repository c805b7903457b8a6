/**
 * Claim (issue 14): a receiver with an LTE modem on a console (`bell sim --console post=…`)
 * escalates as the scenario says, and `bell monitor` on that console shows it in words: the
 * escalation starting, each SMS sent with its Vietnamese text, the calls ringing, who took the
 * alarm and how, the siren following, and a modem fault (the SIM taken out). The simulated
 * board (`tools/sim/console.ts`) runs in virtual time here; its console text goes through a real
 * pty to the monitor's own code (`monitorConsole`), so every line is what an installer sees.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { SerialPort } from "serialport";
import { ENGINE_EVENTS, SimBoard } from "../../tools/sim/console.ts";
import { Simulation, type SimEvent } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { Timeline } from "../../tools/sim/timeline.ts";
import { monitorConsole } from "../../tools/monitor/monitor.ts";
import { setLanguage } from "../../tools/lang.ts";
import { repoRoot, waitUntil } from "../support/console-pty.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);

const FIXTURE = `${repoRoot}/test/fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json`;
const SIM_CARD_OUT_MS = 150_000;
const END_MS = 300_000;

/** The empty-post fixture, plus the SIM taken out of the post's modem at 150 s. */
function scenario() {
  const json = JSON.parse(readFileSync(FIXTURE, "utf8")) as { inputs: unknown[] };
  json.inputs.push({ at_ms: SIM_CARD_OUT_MS, device: "post", modem: { sim: false } });
  return parseScenario(json, { file: FIXTURE });
}

/** Runs the scenario with the post on a simulated console; its console text and every event. */
function runWithPostOnConsole(): { console: string; events: SimEvent[] } {
  let sim: Simulation | undefined;
  let text = "";
  const events: SimEvent[] = [];
  const boards = new Map<string, SimBoard>();
  sim = new Simulation(scenario(), {
    openEnded: true,
    untilMs: END_MS,
    onEvent: (e) => {
      events.push(e);
      for (const b of boards.values()) b.event(e);
    },
    starter: (p, apps) => {
      if (p.device.id !== "post") return undefined;
      const board = new SimBoard({ provisioned: p, write: (s) => (text += s), nowMs: () => sim?.nowMs ?? 0 });
      boards.set(p.device.id, board);
      return board.starter(apps);
    },
  });
  for (const [id, b] of boards) b.attach(sim.devices.get(id)!);
  sim.advanceTo(END_MS);
  return { console: text, events };
}

test("the post's console carries the escalation and the modem's health as the plain run has them", (t) => {
  const { console: text, events } = runWithPostOnConsole();
  const onConsole = text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as SimEvent)
    .map((e) => e.event)
    .filter((e) => e.startsWith("escalation_") || e.startsWith("modem_") || e === "incident_acknowledged");
  const inRun = events
    .filter((e) => e.device === "post" && !ENGINE_EVENTS.has(e.event))
    .map((e) => e.event)
    .filter((e) => e.startsWith("escalation_") || e.startsWith("modem_") || e === "incident_acknowledged");
  t.deepEqual(onConsole, inRun, "the console prints every escalation and modem event of the post");
  for (const e of ["modem_ok", "escalation_started", "escalation_sms_sent", "escalation_call", "escalation_call_state", "escalation_taken", "incident_acknowledged", "modem_fault"]) {
    t.true(onConsole.includes(e), `${e} on the console`);
  }
});

(hasSocat ? test : test.skip)("bell monitor renders them in Vietnamese: whom each SMS went to and what it said, the calls, the taker, the modem fault", async (t) => {
  setLanguage("vi");
  const { console: text, events } = runWithPostOnConsole();
  const pair = await ptyPair();
  const out: string[] = [];
  const controller = new AbortController();
  const monitor = monitorConsole({
    path: pair.b,
    named: true,
    names: new Map([
      ["post", "Công an xã Xuân Phổ"],
      ["clinic", "Trạm y tế"],
    ]),
    out: (s) => out.push(s),
    note: () => undefined,
    signal: controller.signal,
  });
  const board = new SerialPort({ path: pair.a, baudRate: 115_200, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => board.open((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => board.write(text, (err) => (err ? reject(err) : board.drain(() => resolve()))));
    t.true(await waitUntil(() => out.join("").includes("LỖI MODEM LTE"), 5_000), out.join(""));
  } finally {
    controller.abort();
    await monitor;
    if (board.isOpen) await new Promise<void>((resolve) => board.close(() => resolve()));
    await pair.close();
  }
  const lines = out.join("").split("\n");
  const post = (words: string) => lines.filter((l) => /^\d\d:\d\d:\d\d\.\d{3}  Công an xã Xuân Phổ +/.test(l) && l.includes(words));
  // the alarm SMS as the phones got it (the plain run's phone network decodes the PDUs)
  const alarmText = events.find((e) => e.event === "phone_sms" && e.device === "+84901000001")!.text as string;
  t.true(alarmText.startsWith("BÁO ĐỘNG Trạm y tế"), alarmText);

  t.is(post("KHÔNG AI Ở TRẠM XÁC NHẬN: báo cho cán bộ trực (vụ 1: Trạm y tế)").length, 1, lines.join("\n"));
  for (const phone of ["+84901000001", "+84901000002", "+84901000003"]) {
    t.is(post(`đã gửi tin nhắn tới ${phone}: "${alarmText}"`).length, 1, `the alarm SMS to ${phone}, with its text`);
  }
  t.is(post('đã gửi tin nhắn tới +84901000002: "Đã ghi nhận: đồng chí nhận vụ 1 (Trạm y tế)."').length, 1, "the taker's confirmation");
  t.is(post("đang gọi +84901000001 (vụ 1, vòng 1)").length, 1);
  t.is(post("cuộc gọi tới +84901000001: đang đổ chuông").length, 1);
  t.is(post("cuộc gọi tới +84901000003 kết thúc: máy bận").length, 1);
  t.is(post("Đ/c Bình (+84901000002) ĐÃ NHẬN vụ 1 (trả lời tin nhắn)").length, 1);
  t.is(post("còi tắt").length, 1);
  t.is(post("LỖI MODEM LTE: không có SIM").length, 1);
  t.false(lines.some((l) => l.startsWith("{")), "no raw JSON");
  t.false(lines.some((l) => / escalation_| modem_| to=/.test(l)), "every escalation and modem event in words, none as name=value");

  // `bell sim --console` prints the run's own timeline: the phones' side is there too
  const timeline = new Timeline({ byId: new Map([["post", "Công an xã Xuân Phổ"], ["clinic", "Trạm y tế"]]) }, END_MS, "vi");
  const simLines = events.map((e) => timeline.line(e));
  t.true(simLines.some((l) => l.includes(`+84901000001`) && l.includes(`điện thoại nhận tin nhắn từ +84912000000: "${alarmText}"`)));
});
