/**
 * Claim (field finding 8, `firmware/core/escalation/status.ts`): in every small world of what a
 * post has at two successive boots — no duty list, a valid one or a corrupt one; no modem UART,
 * a UART nothing answers on, or a module that answers the probe's 1st, 2nd or 3rd `AT` (the 3rd:
 * after the post already said it has no phones) — the post's policy (`ReceiverPolicy`) states its
 * escalation status after each boot, positively: exactly one `escalation_off` or `escalation_ok`
 * by the `PROBE_UNANSWERED_FOR_NONE`-th unanswered `AT` (a second only for a module answering
 * later, `escalation_off` no_duty_list), the last one agreeing with `escalationOff`. A watcher
 * (`EscalationWatch`, the bridge's rule) fed that stream never shows the post fixed by a reboot:
 * from the second `boot` until the post states its status, it keeps the first boot's last reason
 * (a fault stays a fault), marked unconfirmed; from the statement on, it shows exactly what the
 * post said, and its fault is the post's own (the chirp).
 */
import test from "ava";
import { bootPost, FaultyStore, render, worldCallers } from "../../bench/harness/receiver-policy-world.ts";
import { EscalationWatch, PROBE_UNANSWERED_FOR_NONE, type EscalationKnown } from "../../firmware/core/escalation/status.ts";
import { escalationOff, escalationOffIsFault, isEscalationOffReason, type EscalationSetup } from "../../firmware/core/escalation/unavailable.ts";

const FAULT = { key: "d1.phone", reason: "must be a phone number in E.164 form" };
const LISTS = ["none", "valid", "corrupt"] as const;
/** No UART; a UART nothing answers on; a module that answers the probe's `AT` number k. */
const UARTS = ["none", "silent", 1, 2, 3] as const;
type World = { list: (typeof LISTS)[number]; uart: (typeof UARTS)[number] };
const WORLDS: World[] = LISTS.flatMap((list) => UARTS.map((uart) => ({ list, uart })));
const label = (w: World) => `${w.list} list, ${w.uart === "none" ? "no UART" : w.uart === "silent" ? "silent UART" : `module answers AT #${w.uart}`}`;
/** How many probe outcomes each boot is driven through (beyond every answer above). */
const PROBES = 4;

function setupOf(w: World): EscalationSetup {
  return { dutyList: w.list !== "none", modem: w.uart !== "none", phones: w.list === "valid" ? 3 : w.list === "corrupt" ? 2 : 0, ...(w.list === "corrupt" ? { fault: FAULT } : {}) };
}

/** One boot of the post's policy in world `w`: its statements, one list per step (boot, then each probe outcome, as the app wires them). */
function bootSteps(w: World): { steps: string[][]; chirps: boolean } {
  const { policy } = bootPost(new FaultyStore(), worldCallers(2), 0);
  const said = (outputs: ReturnType<typeof policy.modemAnswered>) => outputs.map((o) => render(o)).filter((l): l is string => l !== undefined && /^escalation_(off|ok)\b/.test(l));
  const steps = [said(policy.escalationSetup(setupOf(w)))];
  // the probe runs only on a UART the escalation does not use (no duty list): receiver/app.ts
  const probing = w.uart !== "none" && w.list === "none";
  for (let k = 1; k <= PROBES; k++) {
    if (!probing) steps.push([]);
    else if (w.uart === k) steps.push(said(policy.modemAnswered()));
    else if (typeof w.uart === "number" && w.uart < k) steps.push(said(policy.modemAnswered())); // a second answer changes nothing
    else steps.push(said(policy.modemUnanswered()));
  }
  return { steps, chirps: policy.faultUnacknowledged };
}

/** What the post's final word should be, from the one rule of `unavailable.ts`. */
function truth(w: World): string {
  const off = escalationOff({ ...setupOf(w), modemAnswered: typeof w.uart === "number" });
  return off === undefined ? `escalation_ok phones=${setupOf(w).phones}` : `escalation_off why=${off.why}${off.key ? ` key=${off.key} reason=${off.reason}` : ""}`;
}

/** A statement line as the watcher reads it. */
function feed(watch: EscalationWatch, line: string): void {
  const why = /why=(\w+)/.exec(line)?.[1];
  if (line.startsWith("escalation_ok")) watch.apply("escalation_ok");
  else if (isEscalationOffReason(why)) watch.apply("escalation_off", why);
  else throw new Error(`not a statement: ${line}`);
}

for (const w of WORLDS) {
  test(`${label(w)}: one statement by the ${PROBE_UNANSWERED_FOR_NONE}nd unanswered AT, the last one the rule's`, (t) => {
    const { steps, chirps } = bootSteps(w);
    const all = steps.flat();
    const late = typeof w.uart === "number" && w.uart > PROBE_UNANSWERED_FOR_NONE && w.list === "none";
    t.is(steps.slice(0, PROBE_UNANSWERED_FOR_NONE + 1).flat().length, 1, `stated by then: ${JSON.stringify(steps)}`);
    t.is(all.length, late ? 2 : 1, JSON.stringify(steps));
    if (late) t.deepEqual(all, ["escalation_ok phones=0", "escalation_off why=no_duty_list"]);
    t.is(all.at(-1), truth(w));
    const off = escalationOff({ ...setupOf(w), modemAnswered: typeof w.uart === "number" });
    t.is(chirps, off !== undefined && escalationOffIsFault(off.why), "the post's own fault");
  });
}

test("across any two boots, the watcher keeps the last word, unconfirmed, until the post speaks, then shows exactly what it said", (t) => {
  let checked = 0;
  for (const before of WORLDS) {
    for (const after of WORLDS) {
      const watch = new EscalationWatch();
      watch.apply("boot");
      for (const line of bootSteps(before).steps.flat()) feed(watch, line);
      const kept: EscalationKnown = watch.known;
      const keptFault = watch.fault;
      watch.apply("boot");
      const where = `${label(before)} → ${label(after)}`;
      t.deepEqual(watch.known, kept.reason === undefined ? {} : { reason: kept.reason, unconfirmed: true }, `${where}: at the boot`);
      t.is(watch.fault, keptFault, `${where}: a boot is no fix`);
      const { steps, chirps } = bootSteps(after);
      let spoken = false;
      for (const step of steps) {
        for (const line of step) {
          feed(watch, line);
          spoken = true;
          const why = /why=(\w+)/.exec(line)?.[1];
          t.deepEqual(watch.known, line.startsWith("escalation_ok") ? {} : { reason: why }, `${where}: after ${line}`);
        }
        if (!spoken) t.is(watch.fault, keptFault, `${where}: before the post speaks`);
        checked++;
      }
      t.true(spoken, `${where}: the post spoke`);
      t.is(watch.fault, chirps, `${where}: the watcher's fault is the post's`);
      t.is(watch.known.unconfirmed, undefined);
    }
  }
  t.is(checked, WORLDS.length * WORLDS.length * (PROBES + 1));
});
