/**
 * Claim (issue 14): fuzzed modem output never crashes the receiver or stops the siren. The whole
 * receiver runs in the simulator (Node engine) with two callers and an LTE modem whose output a
 * seeded fuzzer corrupts at random points during an alarm (`bench/harness/modem-fuzz.ts`: random
 * bytes, valid-looking URCs and finals, an incoming SMS with a truncated PDU, lines cut short,
 * silence). In every run: no exception escapes, the siren keeps the alarm cadence until the
 * officer acknowledges, both alarms are recorded and acked to their callers, no caller is
 * reported offline or loses its post, and a silence long enough is a modem fault.
 * The long version is `make bench SECTIONS=fuzz`.
 */
import test from "ava";
import { checkModemFuzz } from "../../bench/harness/modem-fuzz.ts";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

for (const seed of SEEDS) {
  test(`seed ${seed}: nothing breaks whatever the modem says`, (t) => {
    const r = checkModemFuzz(seed);
    t.deepEqual(r.problems, [], r.episodes.map((e) => `${e.kind} at ${e.atMs} ms${e.forMs ? ` for ${e.forMs} ms` : ""}`).join(", "));
    // the fuzz did reach the receiver: bytes injected, noise and a fault reported
    t.true(r.bytesInjected > 0);
    t.true(r.modemNoise > 0, "the driver reported the garbage");
    t.true(r.modemFaults > 0, "the long silence is a modem fault");
  });
}

// The check can fail: a receiver broken on purpose is caught.
test("the check catches a receiver whose modem handler throws on a strange byte", (t) => {
  const caught = SEEDS.map((s) => checkModemFuzz(s, "throws-on-noise")).filter((r) => r.problems.some((p) => p.startsWith("an exception escaped the post app")));
  t.true(caught.length > 0);
});

test("the check catches a receiver whose siren goes dead at a modem fault", (t) => {
  const caught = SEEDS.slice(0, 3).map((s) => checkModemFuzz(s, "siren-stops-on-modem-fault")).filter((r) => r.problems.some((p) => p.includes("cadence stopped")));
  t.is(caught.length, 3);
});
