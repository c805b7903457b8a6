/**
 * Claim (tools/sim/README.md "Partitioned runs"): an address belongs to one partition. A medium
 * told that an address lives in another partition (`elsewhere`) refuses to attach a device with
 * it, naming both, so that a frame to a device of this partition never needs the `elsewhere`
 * check (issue 15 §3: the medium looks the target up first and checks `elsewhere` only for an
 * address it does not have).
 */
import test from "ava";
import { EventQueue } from "../../tools/sim/clock.ts";
import { Medium } from "../../tools/sim/medium.ts";

test("attaching an address that lives in another partition throws, naming the device and the address", (t) => {
  const medium = new Medium({ queue: new EventQueue(), seed: 1, elsewhere: new Set(["cc"]) });
  medium.attach("a", "aa");
  t.throws(() => medium.attach("c", "cc"), { message: /medium: device c: address cc belongs to another partition/ });
  t.throws(() => medium.addressOf("c"), { message: /no device c/ }, "and nothing was attached");
});
