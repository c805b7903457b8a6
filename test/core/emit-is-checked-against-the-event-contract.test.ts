/**
 * The emitters are typed by the event contract (firmware/core/events.ts): a wrong name, a missing,
 * misspelt, extra or mistyped field does not compile. The `@ts-expect-error` lines are the
 * assertions of `tsc -p .` (make test type-checks first): each fails the type-check if its
 * error disappears. The ava part checks the same calls reach a sink unchanged at run time.
 */
import test from "ava";
import type { BellEvent, EventSink, EventFields } from "../../firmware/hal/events.ts";

function recorder(): { sink: EventSink; lines: Array<[string, EventFields | undefined]> } {
  const lines: Array<[string, EventFields | undefined]> = [];
  return { sink: { emit: (event: string, fields?: EventFields) => void lines.push([event, fields]) }, lines };
}

test("well-typed events compile and reach the sink as given", (t) => {
  const { sink, lines } = recorder();
  sink.emit("alarm_tx", { incident: 3, attempt: 1 });
  sink.emit("press", { incident: 4 });
  sink.emit("press", { incident: 4, coalesced: true });
  sink.emit("link_fault", {});
  sink.emit("link_ok");
  t.deepEqual(lines, [
    ["alarm_tx", { incident: 3, attempt: 1 }],
    ["press", { incident: 4 }],
    ["press", { incident: 4, coalesced: true }],
    ["link_fault", {}],
    ["link_ok", undefined],
  ]);
});

test("ill-typed events are type errors (checked by tsc), and the sink still records them at run time", (t) => {
  const { sink, lines } = recorder();
  // @ts-expect-error: no such event
  sink.emit("alarm_sent", { incident: 3, attempt: 1 });
  // @ts-expect-error: `attempt` is missing
  sink.emit("alarm_tx", { incident: 3 });
  // @ts-expect-error: `atempt` is misspelt
  sink.emit("alarm_tx", { incident: 3, atempt: 1 });
  // @ts-expect-error: `extra` is not a field of alarm_tx
  sink.emit("alarm_tx", { incident: 3, attempt: 1, extra: 2 });
  // @ts-expect-error: `incident` is a number
  sink.emit("alarm_tx", { incident: "3", attempt: 1 });
  // @ts-expect-error: alarm_tx has required fields
  sink.emit("alarm_tx");
  t.is(lines.length, 6);
});

test("BellEvent is a union discriminated on `event`", (t) => {
  const e = { event: "caller_rebooted", caller: "cafe", uptime_s: 237 } as BellEvent;
  // Narrowing on `event` gives the fields their types.
  const uptime = e.event === "caller_rebooted" ? e.uptime_s + 0 : -1;
  t.is(uptime, 237);
  // @ts-expect-error: `uptime_s` is not a field of every event
  void e.uptime_s;
});
