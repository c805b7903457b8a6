/**
 * Claim: the post's incident table is sized for its worst case and never drops an
 * unacknowledged press to make room. Stated worst case (receiver README): every one of the 20
 * callers a post can have (ESP-NOW peer limit) pressed once a second for ten minutes while
 * nobody acknowledges, 12 000 presses. Every press the table accepted (`open` returned without
 * throwing: the post then acks it) is in flash: a table reloaded from the store after that
 * press knows it (a retransmission is a duplicate) and still counts it as unacknowledged.
 *
 * Before the fix the table was full at 444 incidents; the 445th write failed (the incident
 * was open in RAM only, and acked).
 */
import test from "ava";
import { IncidentTable, type Incident } from "../../receiver/incidents.ts";
import { SimStore } from "../../tools/sim/store.ts";

const CALLERS = 20;
const PRESSES_EACH = 600;

const unacknowledgedPresses = (all: readonly Incident[]) => all.filter((i) => i.state === "open").reduce((n, i) => n + (i.presses ?? 1), 0);

test(`${CALLERS} callers × ${PRESSES_EACH} presses nobody acknowledges: each accepted press is in flash, none dropped`, (t) => {
  const store = new SimStore();
  const table = new IncidentTable(store);
  let accepted = 0;
  for (let press = 1; press <= PRESSES_EACH; press++) {
    for (let caller = 1; caller <= CALLERS; caller++) {
      const row = table.open(caller * 1000, press);
      t.truthy(row, `press ${press} of caller ${caller} is new`);
      accepted++;
      if (press % 50 === 0 || press > 420) {
        const reloaded = new IncidentTable(store);
        if (reloaded.isNew(caller * 1000, press)) return t.fail(`press ${press} of caller ${caller} was acked but is not in flash`);
        if (unacknowledgedPresses(reloaded.all) !== accepted) {
          return t.fail(`after ${accepted} presses the stored table counts ${unacknowledgedPresses(reloaded.all)} unacknowledged`);
        }
      }
    }
  }
  t.is(unacknowledgedPresses(new IncidentTable(store).all), CALLERS * PRESSES_EACH);
});

test("acknowledged incidents are the only ones closed to make room, oldest first", (t) => {
  const store = new SimStore();
  const table = new IncidentTable(store);
  for (let n = 1; n <= 300; n++) table.open(1, n);
  table.acknowledgeAll();
  const closed: Incident[] = [];
  for (let n = 1; n <= 600; n++) {
    closed.push(...table.makeRoom());
    table.open(2, n);
  }
  t.true(closed.every((i) => i.caller === 1 && i.state === "acknowledged"), "only acknowledged ones");
  t.deepEqual(closed.map((i) => i.incident), closed.map((_, k) => k + 1), "oldest first");
  t.is(unacknowledgedPresses(new IncidentTable(store).all), 600, "every press of caller 2 still open in flash");
});
