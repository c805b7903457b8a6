/**
 * Claim (docs/mqtt.md §2.3; field findings 1, 2 and 4 of test/field/tonight): a bridge's post
 * model that recalls a retained post state (a bridge started without its saved model) keeps each
 * thing that state says the receiver would not repeat — open incidents, offline callers, the modem
 * fault, the escalation fault — as the last known word, marked unconfirmed, until the receiver's
 * own word on that thing; a receiver `boot` replaces only the open incidents (it restates their
 * count), and what the receiver stated before the recall is never overwritten by it.
 */
import test from "ava";
import { PostModel, readRetainedPostState, type PostStatePayload } from "../../tools/mqtt/post-model.ts";

const NOW = "2026-12-06T03:00:00.000Z";
/** The retained state of a post with one alarm open, the café offline, the modem dead, no duty list. */
const RETAINED = { post: "xuanpho", state: "alarm", open_incidents: 1, unacknowledged: 1, callers: 2, offline: ["cafe"], modem: "not_answering", escalation: "no_duty_list", since: NOW };

type Event = Record<string, unknown>;
const boot = (open: number): Event => ({ event: "boot", role: "receiver", open, name: "Công an xã Xuân Phổ" });
const ACK = { event: "incident_acknowledged", caller: "clinic", incident: 4 };
const RESOLVE = { event: "incident_resolved", caller: "clinic", incident: 4 };
const CAFE_ONLINE = { event: "caller_online", caller: "cafe" };
const CAFE_LISTED = { event: "caller_listed", caller: "cafe", name: "Quán cà phê Sen" };
const CLINIC_LISTED = { event: "caller_listed", caller: "clinic", name: "Trạm y tế" };
const MODEM_OK = { event: "modem_ok" };
const ESC_OK = { event: "escalation_ok", phones: 2 };

/** A fresh model: `before` applied, then RETAINED recalled, then `after` applied. */
function run(before: Event[], after: Event[]): PostStatePayload {
  const m = new PostModel({ post: "xuanpho", now: NOW });
  for (const e of before) m.apply(e, NOW);
  m.recall(readRetainedPostState(RETAINED)!, NOW);
  for (const e of after) m.apply(e, NOW);
  return m.postState();
}

/** Rows: events before the recall, events after, the post state fields expected. */
const rows: [string, Event[], Event[], Partial<PostStatePayload>][] = [
  ["nothing said: everything kept, unconfirmed", [], [], { state: "alarm", open_incidents: 1, unacknowledged: 1, offline: ["cafe"], modem: "not_answering", escalation: "no_duty_list", escalation_unconfirmed: true, unconfirmed: ["open_incidents", "offline", "modem"] }],
  ["a boot and its listing before the recall (finding 4)", [boot(1), CLINIC_LISTED, CAFE_LISTED], [], { state: "alarm", open_incidents: 1, offline: ["cafe"], modem: "not_answering", escalation: "no_duty_list", escalation_unconfirmed: true }],
  ["a boot with nothing open, before the recall", [boot(0)], [], { state: "fault", open_incidents: 0, unacknowledged: 0, offline: ["cafe"], unconfirmed: ["offline", "modem"] }],
  ["a boot with nothing open, after the recall", [], [boot(0)], { state: "fault", open_incidents: 0, offline: ["cafe"] }],
  ["a boot with the alarm open, after the recall", [], [boot(1)], { state: "alarm", open_incidents: 1, unacknowledged: 1 }],
  ["the officer acknowledges the alarm", [], [ACK], { state: "acknowledged", open_incidents: 1, unacknowledged: 0, unconfirmed: ["offline", "modem"] }],
  ["the officer acknowledged it before the recall", [ACK], [], { state: "acknowledged", open_incidents: 1, unacknowledged: 0 }],
  ["it was acknowledged and reset before the recall", [ACK, RESOLVE], [], { state: "fault", open_incidents: 0, unacknowledged: 0 }],
  ["it was reset before the recall", [RESOLVE], [], { state: "fault", open_incidents: 0, unacknowledged: 0 }],
  ["the alarm is reset", [], [ACK, RESOLVE], { state: "fault", open_incidents: 0, unacknowledged: 0 }],
  ["reset without a prior acknowledgement line", [], [RESOLVE], { state: "fault", open_incidents: 0, unacknowledged: 0 }],
  ["the café heard again", [], [RESOLVE, CAFE_ONLINE], { state: "fault", offline: [], modem: "not_answering", unconfirmed: ["modem"] }],
  ["the café said online before the recall", [CAFE_ONLINE], [RESOLVE], { offline: [] }],
  ["the modem answers", [], [RESOLVE, CAFE_ONLINE, MODEM_OK], { state: "fault", modem: undefined, unconfirmed: undefined, escalation: "no_duty_list" }],
  ["the modem said fine before the recall", [MODEM_OK], [], { modem: undefined }],
  ["the post says it can escalate", [], [RESOLVE, CAFE_ONLINE, MODEM_OK, ESC_OK], { state: "normal", escalation: undefined, escalation_unconfirmed: undefined, unconfirmed: undefined }],
  ["it said so before the recall", [ESC_OK], [RESOLVE, CAFE_ONLINE, MODEM_OK], { state: "normal", escalation: undefined }],
];

for (const [name, before, after, expected] of rows) {
  test(`recall: ${name}`, (t) => {
    t.like(run(before, after), expected);
  });
}

test("a recalled caller listed by the receiver is offline in its own state until it is heard", (t) => {
  const m = new PostModel({ post: "xuanpho", now: NOW });
  m.recall(readRetainedPostState(RETAINED)!, NOW);
  m.apply(CAFE_LISTED, NOW);
  t.is(m.callerState("cafe").state, "offline");
  m.apply(CAFE_ONLINE, NOW);
  t.is(m.callerState("cafe").state, "online");
  t.deepEqual(m.postState().offline, []);
});

test("what is recalled survives a bridge restart with its saved model", (t) => {
  const m = new PostModel({ post: "xuanpho", now: NOW });
  m.recall(readRetainedPostState(RETAINED)!, NOW);
  const resumed = new PostModel({ post: "xuanpho", now: NOW, snapshot: JSON.parse(JSON.stringify(m.snapshot())) });
  t.deepEqual(resumed.postState(), m.postState());
  resumed.apply(RESOLVE, NOW);
  t.is(resumed.postState().open_incidents, 0);
});

/**
 * Exhaustive over every receiver stream of up to 4 lines from a small alphabet, the retained state
 * recalled before any of it or after any line (the receiver's lines read before the session is up):
 * the post shows the alarm until the receiver acknowledges or resets it or boots with nothing open;
 * the café offline until it is heard; the modem fault until the modem is stated.
 */
test("every short receiver stream keeps each recalled thing exactly until the receiver's word on it", (t) => {
  const alphabet: Event[] = [boot(0), boot(1), CLINIC_LISTED, CAFE_LISTED, ACK, RESOLVE, CAFE_ONLINE, MODEM_OK, ESC_OK, { event: "escalation_off", why: "no_duty_list" }];
  let streams = 0;
  const walk = (stream: Event[]) => {
    streams++;
    for (let k = 0; k <= stream.length; k++) check(stream, k);
    if (stream.length < 4) for (const e of alphabet) walk([...stream, e]);
  };
  const check = (stream: Event[], k: number) => {
    const s = run(stream.slice(0, k), stream.slice(k));
    const said = (e: Event) => stream.includes(e);
    const alarmWord = said(ACK) || said(RESOLVE) || said(alphabet[0]!);
    const label = `recalled after ${k}: ` + stream.map((e) => JSON.stringify(e)).join(" ");
    if (!alarmWord) t.is(s.state, "alarm", label);
    // the receiver's last word on the incident: a reset, or a boot with nothing open (the bridge had not seen it acknowledged)
    const lastIncidentWord = stream.filter((e) => e === ACK || e === RESOLVE || e.event === "boot").at(-1);
    if (lastIncidentWord === RESOLVE || (lastIncidentWord === alphabet[0] && !said(ACK))) t.is(s.open_incidents, 0, label);
    t.is(s.offline.includes("cafe"), !said(CAFE_ONLINE), label);
    t.is(s.modem, said(MODEM_OK) ? undefined : "not_answering", label);
    if (s.state === "normal") t.true(said(ESC_OK) && said(MODEM_OK) && said(CAFE_ONLINE) && alarmWord, label);
  };
  walk([]);
  t.is(streams, 1 + 10 + 100 + 1000 + 10000);
});

test("a retained post state is read field by field; junk is left out, never thrown", (t) => {
  const rows: [unknown, ReturnType<typeof readRetainedPostState>][] = [
    [null, undefined],
    ["x", undefined],
    [[], undefined],
    [{}, { open: 0, unacknowledged: 0, offline: [] }],
    [{ open_incidents: 2, unacknowledged: 5, offline: ["cafe", "cafe", "a b", 3], modem: "", escalation: 42 }, { open: 2, unacknowledged: 2, offline: ["cafe"] }],
    [{ open_incidents: -1, unacknowledged: 1.5, offline: "cafe", modem: "no_sim", escalation: "bad_setting" }, { open: 0, unacknowledged: 0, offline: [], modem: "no_sim", escalation: "bad_setting" }],
  ];
  for (const [input, expected] of rows) t.deepEqual(readRetainedPostState(input), expected, JSON.stringify(input));
});
