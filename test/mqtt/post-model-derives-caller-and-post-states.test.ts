import test from "ava";
import { PostModel, type ApplyResult, type CallerStateName, type PostStateName } from "../../tools/mqtt/post-model.ts";

const NOW = "2025-01-01T00:00:00.000Z";

/** Rows: an event, then the expected states of the caller it names and of the post. */
const rows: [Record<string, unknown>, string, CallerStateName, PostStateName][] = [
  [{ event: "caller_online", caller: "clinic" }, "clinic", "online", "normal"],
  [{ event: "incident_opened", caller: "clinic", incident: 1, name: "Trạm y tế" }, "clinic", "alarm", "alarm"],
  [{ event: "incident_opened", caller: "clinic", incident: 1 }, "clinic", "alarm", "alarm"], // the same event again
  [{ event: "caller_offline", caller: "bank" }, "bank", "offline", "alarm"],
  [{ event: "incident_acknowledged", caller: "clinic", incident: 1 }, "clinic", "acknowledged", "acknowledged"],
  [{ event: "caller_offline", caller: "clinic" }, "clinic", "acknowledged", "acknowledged"], // the open incident wins
  [{ event: "incident_resolved", caller: "clinic", incident: 1 }, "clinic", "offline", "fault"],
  [{ event: "incident_acknowledged", caller: "cafe", incident: 9 }, "cafe", "acknowledged", "acknowledged"], // opened before the bridge ran
  [{ event: "incident_resolved", caller: "cafe", incident: 9 }, "cafe", "online", "fault"],
  [{ event: "caller_online", caller: "bank" }, "bank", "online", "fault"],
  [{ event: "incident_opened", caller: "clinic", incident: 2 }, "clinic", "alarm", "alarm"], // an alarm means the link is up
  [{ event: "incident_resolved", caller: "clinic", incident: 2 }, "clinic", "online", "normal"],
];

test("the post model derives caller and post states from the event stream", (t) => {
  const model = new PostModel({ post: "xuanpho", now: NOW });
  rows.forEach(([event, caller, callerState, postState], i) => {
    t.is(model.apply(event, NOW).kind, "applied", `row ${i}`);
    t.is(model.callerState(caller).state, callerState, `row ${i}: caller ${caller}`);
    t.is(model.postState().state, postState, `row ${i}: post`);
  });
  t.is(model.callerState("clinic").name, "Trạm y tế");
  const resumed = new PostModel({ post: "xuanpho", now: NOW, snapshot: JSON.parse(JSON.stringify(model.snapshot())) });
  t.deepEqual(resumed.snapshot(), model.snapshot(), "a saved snapshot restores the same model");
  t.throws(() => new PostModel({ post: "other", now: NOW, snapshot: model.snapshot() }), { instanceOf: RangeError });
});

test("the post model rejects malformed events naming the field, and ignores events it does not report", (t) => {
  const model = new PostModel({ post: "xuanpho", now: NOW });
  const rows: [unknown, ApplyResult["kind"]][] = [
    [null, "invalid"],
    [[1], "invalid"],
    [{ t: 1 }, "invalid"],
    [{ event: "incident_opened", incident: 1 }, "invalid"],
    [{ event: "incident_opened", caller: "c", incident: -1 }, "invalid"],
    [{ event: "incident_opened", caller: "c", incident: 1.5 }, "invalid"],
    [{ event: "incident_opened", caller: "", incident: 1 }, "invalid"],
    [{ event: "caller_offline", caller: { id: 1 } }, "invalid"],
    [{ event: "press" }, "ignored"],
    [{ event: "frame_rejected", reason: "bad_tag" }, "ignored"],
  ];
  for (const [event, kind] of rows) {
    const result = model.apply(event, NOW);
    t.is(result.kind, kind, JSON.stringify(event));
    if (result.kind === "invalid" && typeof event === "object" && event && "event" in event) t.regex(result.reason, /"(caller|incident)"/);
  }
  t.deepEqual(model.callers(), [], "nothing was recorded");
});

test("incident message ids are stable and unambiguous", (t) => {
  const a = new PostModel({ post: "p/1", now: NOW }).apply({ event: "incident_opened", caller: "a", incident: 3 }, NOW);
  // A caller id with "/" (or "%") is outside the one alphabet of device ids (issue 16): refused,
  // so "p/1" + "a" and "p" + "1/a" can no longer meet; post ids are still encoded.
  const b = new PostModel({ post: "p", now: NOW }).apply({ event: "incident_opened", caller: "1/a", incident: 3 }, NOW);
  const again = new PostModel({ post: "p/1", now: "later" }).apply({ event: "incident_opened", caller: "a", incident: 3, t: 99 }, "later");
  if (a.kind !== "applied" || again.kind !== "applied") return t.fail("not applied");
  t.is(a.incident?.id, "p%2F1/a/3/incident_opened");
  t.is(b.kind, "invalid");
  t.is(again.incident?.id, a.incident?.id, "the same incident event gives the same id whenever it is seen");
});
