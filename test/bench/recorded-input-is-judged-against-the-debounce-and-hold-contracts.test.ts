/**
 * Claim: the debounce benchmark judges recorded input against the contracts themselves — an
 * ideal defer debouncer (a level passes once held for the window) and the hold — with bounds
 * wide enough for the device's read latency and ms ticks: a press where the contract puts one is
 * neither false nor missed; a press where none can be is false; a required press not given is
 * missed. DCF77 presses are sorted into second marks and interference by their phase.
 */
import test from "ava";
import { pressesAtMarks } from "../../bench/debounce.ts";
import { idealDebounce, idealPresses, judgeRecording } from "../../bench/recorded-truth.ts";

type Edges = Array<[number, 0 | 1]>;
const ms = (x: number) => x * 1000;

const debounceRows: Array<[string, Edges, Array<[number, number]>]> = [
  ["a 40 ms press", [[0, 1], [ms(10), 0], [ms(50), 1]], [[ms(40), ms(80)]]],
  ["a 20 ms pulse never passes", [[0, 1], [ms(10), 0], [ms(30), 1]], []],
  ["a 20 ms release gap inside a press is not seen", [[0, 1], [ms(0), 0], [ms(100), 1], [ms(120), 0], [ms(300), 1]], [[ms(30), ms(330)]]],
  ["a 40 ms release gap splits the press", [[0, 1], [ms(0), 0], [ms(100), 1], [ms(140), 0], [ms(300), 1]], [[ms(30), ms(130)], [ms(170), ms(330)]]],
  ["a level held at the end is judged to the end", [[0, 1], [ms(5), 0]], [[ms(35), ms(1000)]]],
];
for (const [name, edges, expected] of debounceRows) {
  test(`ideal debounce, 30 ms window: ${name}`, (t) => {
    t.deepEqual(
      idealDebounce(edges, ms(30), ms(1000)).map((p) => [p.fromUs, p.toUs]),
      expected,
    );
  });
}

test("ideal presses keep debounced presses lasting the hold", (t) => {
  const edges: Edges = [[0, 1], [ms(0), 0], [ms(60), 1], [ms(500), 0], [ms(600), 1]];
  t.deepEqual(idealPresses(edges, ms(30), ms(70), ms(1000)).map((p) => p.fromUs), [ms(530)]);
});

const press: Edges = [[0, 1], [ms(100), 0], [ms(400), 1]]; // a 300 ms press: debounced at 130, press at 200

test("a press where the contract puts it is neither false nor missed", (t) => {
  t.deepEqual(judgeRecording(press, 30, 70, ms(2000), [200]), { required: 1, allowed: 1, missed: 0, extra: 0 });
  t.deepEqual(judgeRecording(press, 30, 70, ms(2000), [201]), { required: 1, allowed: 1, missed: 0, extra: 0 }, "a ms tick late is fine");
});

test("no press is missed; a press elsewhere or a second one is false", (t) => {
  t.deepEqual(judgeRecording(press, 30, 70, ms(2000), []), { required: 1, allowed: 1, missed: 1, extra: 0 });
  t.deepEqual(judgeRecording(press, 30, 70, ms(2000), [200, 900]), { required: 1, allowed: 1, missed: 0, extra: 1 });
  t.deepEqual(judgeRecording(press, 30, 70, ms(2000), [200, 202]), { required: 1, allowed: 1, missed: 0, extra: 1 });
});

test("a pulse at the hold's edge may give a press or not", (t) => {
  const edge: Edges = [[0, 1], [ms(100), 0], [ms(171), 1]]; // 71 ms: passes a 70 ms hold by 1 ms
  t.deepEqual(judgeRecording(edge, 30, 70, ms(2000), []), { required: 0, allowed: 1, missed: 0, extra: 0 });
  t.deepEqual(judgeRecording(edge, 30, 70, ms(2000), [200]), { required: 0, allowed: 1, missed: 0, extra: 0 });
});

test("DCF77: a press off the seconds' phase is not at a mark, whatever the drift", (t) => {
  const presses = Array.from({ length: 30 }, (_, s) => s * 1000 + 150 + s * 3); // drifting 3 ms a second
  presses.splice(12, 0, 11_700); // interference in second 11
  const atMarks = pressesAtMarks(presses);
  t.is(atMarks.filter((x) => !x).length, 1);
  t.false(atMarks[12]!);
  // The phase wraps: marks at 990 and 10 ms into the second are one phase.
  t.deepEqual(pressesAtMarks([990, 2010, 2990, 4010, 4990, 6010]), [true, true, true, true, true, true]);
});
