/**
 * Claim (docs/mqtt.md §2.3 and §8, field finding 6 of test/field/tonight): a bridge started
 * without its saved model whose first session brings no retained post state says so in words,
 * naming both causes (nothing retained, or an ACL that does not let it read its state topic); one
 * that read a retained state back, or that has its saved model, says nothing of the kind.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge, type BridgeOptions } from "../../tools/mqtt/bridge.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";

const options = (broker: Mosquitto, dir: string, notices: string[]): BridgeOptions => ({
  brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200, discovery: false, onNotice: (w) => notices.push(w),
});

brokerTest("a bridge from scratch that reads no post state back says why it may be, and only then", async (t) => {
  const broker = await Mosquitto.start();
  const dirs = [0, 1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "wb-notice-")));
  const [first, again, other] = [[], [], []] as string[][];
  try {
    let bridge = new Bridge(options(broker, dirs[0]!, first));
    bridge.ingest({ event: "escalation_off", why: "no_duty_list" });
    t.true(await bridge.whenIdle(10_000));
    await bridge.close();
    t.is(first.length, 1, "an empty broker, a new queue directory");
    t.regex(first[0]!, /read no earlier post state back from warning-bell\/xuanpho\/state/);
    t.regex(first[0]!, /ACL/);

    bridge = new Bridge(options(broker, dirs[0]!, again)); // its saved model
    t.true(await bridge.whenIdle(10_000));
    await bridge.close();
    bridge = new Bridge(options(broker, dirs[1]!, other)); // a new queue directory, a retained state to read
    t.true(await bridge.whenIdle(10_000));
    await bridge.close();
    t.deepEqual([again, other], [[], []]);
  } finally {
    await broker.dispose();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});
