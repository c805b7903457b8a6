/**
 * Claim (docs/mqtt.md §2.3, tonight's read-back for field finding 8: "a bridge started without
 * its saved model … reads the retained post state back from the broker … so its first publish is
 * no 'back to normal'"): a bridge started without its saved model (a new `--queue` directory: the
 * post's PC replaced, the bridge reinstalled, a service file with another `--queue`) while an
 * alarm is open and unacknowledged at the post never publishes a post state that is not `alarm`
 * before the receiver itself says the incident was acknowledged or resolved. Home Assistant's
 * `post_alarm` (device_class safety) must not go off while the siren still sounds.
 *
 * FAILS on break15 (9e474ba): the read-back keeps only `escalation`; the new bridge publishes at
 * once `{"state":"normal","open_incidents":0,…}` over the retained `alarm`, so `post_alarm` goes
 * OFF (an automation on "alarm cleared" fires, a phone notification is withdrawn) while nobody has
 * acknowledged. Right behaviour: keep what the retained state says of open incidents (as it keeps
 * `escalation`), marked unconfirmed, until the receiver's next word on them (a boot's `open` count,
 * `incident_acknowledged`/`_resolved`), or publish no post state until the receiver has spoken.
 */
import { BOOT, Bridge, bridgeOptions, brokerTest, flushed, LISTED, MqttRecorder, P, postStates, queueDir, removeDirs } from "./bridge-world.ts";
import { Mosquitto } from "../../support/mosquitto.ts"; // named here: a file that starts a broker keeps its own test worker (test/support/short-file-groups.ts)

brokerTest("a bridge started from scratch during an open alarm keeps the post state `alarm`", async (t) => {
  const broker = await Mosquitto.start();
  const [oldDir, newDir] = [queueDir(), queueDir()];
  const rec = await MqttRecorder.connect(broker.url, [`${P}/state`, "marker/#"]);
  let bridge: Bridge | undefined;
  try {
    // The post's life so far, through the bridge that had the old queue directory.
    const old = new Bridge(bridgeOptions(broker, oldDir));
    for (const e of [BOOT, LISTED, { event: "incident_opened", caller: "clinic", incident: 4, name: "Trạm y tế" }]) old.ingest(e);
    t.true(await old.whenIdle(10_000));
    await old.close();
    await flushed(rec, 1);
    t.like(postStates(rec).at(-1), { state: "alarm", open_incidents: 1 }, "the retained state the new bridge finds");
    const before = postStates(rec).length;

    // The new bridge, with an empty queue directory; the receiver prints nothing meanwhile.
    bridge = new Bridge(bridgeOptions(broker, newDir));
    t.true(await bridge.whenIdle(10_000));
    await flushed(rec, 2);
    const published = postStates(rec).slice(before);
    t.deepEqual(
      published.filter((s) => s.state !== "alarm").map((s) => JSON.stringify(s)),
      [],
      "post states the new bridge published while the alarm is open at the post",
    );
  } finally {
    await bridge?.close();
    await rec.close();
    await broker.dispose();
    removeDirs(oldDir, newDir);
  }
});
