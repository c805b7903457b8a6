/**
 * Claim (docs/mqtt.md §2.3: a bridge started without its saved model reads the retained post
 * state back and "keeps its `escalation`, unconfirmed, so its first publish is no 'back to
 * normal'"; a `boot` says nothing of the escalation, only `escalation_ok`/`escalation_off` do):
 * a bridge started from scratch that reads the receiver's `boot` before its broker session is up
 * — the post's PC and the receiver powered up together after a power cut, the broker across the
 * internet answering a few seconds later — still keeps the retained escalation fault until the
 * receiver states its escalation.
 *
 * FAILS on break15 (9e474ba): since e5587f6 "any receiver boot … ends the retained-state
 * read-back", so the retained fault that arrives on subscribing is dropped and the bridge
 * publishes `normal` until the LTE module answers (10–20 s, for ever if it never does): finding 8's
 * false all-clear, on the path that was meant to prevent it. Right behaviour: only an escalation
 * statement (`escalation_ok`/`escalation_off`) makes the read-back stale; a `boot` keeps it, as the
 * saved model's escalation is kept across a boot.
 */
import { BOOT, Bridge, bridgeOptions, brokerTest, flushed, LISTED, MqttRecorder, NO_DUTY_LIST, P, postStates, queueDir, removeDirs } from "./bridge-world.ts";
import { Mosquitto } from "../../support/mosquitto.ts"; // named here: a file that starts a broker keeps its own test worker (test/support/short-file-groups.ts)

brokerTest("the receiver's boot read before the broker answers does not drop the retained escalation fault", async (t) => {
  const broker = await Mosquitto.start();
  const [oldDir, newDir] = [queueDir(), queueDir()];
  const rec = await MqttRecorder.connect(broker.url, [`${P}/state`, "marker/#"]);
  let bridge: Bridge | undefined;
  try {
    const old = new Bridge(bridgeOptions(broker, oldDir));
    for (const e of [BOOT, LISTED, NO_DUTY_LIST]) old.ingest(e);
    t.true(await old.whenIdle(10_000));
    await old.close();
    await flushed(rec, 1);
    t.like(postStates(rec).at(-1), { state: "fault", escalation: "no_duty_list" }, "the retained state the new bridge finds");
    const seen = postStates(rec).length;

    // The new bridge reads the post's boot lines at once; its session comes up after.
    bridge = new Bridge(bridgeOptions(broker, newDir));
    bridge.ingest(BOOT);
    bridge.ingest(LISTED);
    t.true(await bridge.whenIdle(10_000));
    await flushed(rec, 2);
    const published = postStates(rec).slice(seen);
    t.true(published.length > 0, "the new bridge published the post state");
    t.deepEqual(published.filter((s) => s.state !== "fault" || s.escalation !== "no_duty_list").map((s) => JSON.stringify(s)), [], "post states without the escalation fault");
  } finally {
    await bridge?.close();
    await rec.close();
    await broker.dispose();
    removeDirs(oldDir, newDir);
  }
});
