/**
 * Claim (docs/mqtt.md §2.3 and §5: `post_fault` is on while "a caller is offline"; tonight's
 * read-back keeps the retained post state's fault across a bridge started without its saved
 * model): a bridge started from scratch at a post where a caller is offline and the LTE modem is
 * faulty keeps both in every post state it publishes until the receiver says otherwise
 * (`caller_online`, `modem_ok`). The receiver says `caller_offline` and `modem_fault` once, when
 * they happen, and not again at a bridge's start: a bridge that drops them shows a dead caller as
 * fine until it comes back by itself — which a caller with a dead battery never does.
 *
 * FAILS on break15 (9e474ba): the read-back keeps `escalation` only; the new bridge publishes
 * `{"state":"normal","offline":[],…}` (no `modem`), so `post_fault` goes OFF. Only the caller's own
 * retained `…/caller/cafe/state` (`offline`) survives, because the new bridge does not know the
 * caller and so never republishes it. Right behaviour: keep `offline` and `modem` from the retained
 * state, unconfirmed, as `escalation` is kept (or publish no post state until the receiver spoke).
 */
import { BOOT, Bridge, bridgeOptions, brokerTest, flushed, LISTED, MqttRecorder, P, postStates, queueDir, removeDirs } from "./bridge-world.ts";
import { Mosquitto } from "../../support/mosquitto.ts"; // named here: a file that starts a broker keeps its own test worker (test/support/short-file-groups.ts)

brokerTest("a bridge started from scratch keeps the offline caller and the modem fault it finds retained", async (t) => {
  const broker = await Mosquitto.start();
  const [oldDir, newDir] = [queueDir(), queueDir()];
  const rec = await MqttRecorder.connect(broker.url, [`${P}/state`, `${P}/caller/cafe/state`, "marker/#"]);
  let bridge: Bridge | undefined;
  try {
    // A post that can escalate (it said escalation_ok), a café caller gone silent, the modem not answering.
    const old = new Bridge(bridgeOptions(broker, oldDir));
    const lines = [BOOT, LISTED, { event: "caller_listed", caller: "cafe", name: "Quán cà phê Sen" }, { event: "escalation_ok", phones: 2 }, { event: "caller_offline", caller: "cafe" }, { event: "modem_fault", reason: "not_answering" }];
    for (const e of lines) t.is(old.ingest(e).kind, "state", JSON.stringify(e));
    t.true(await old.whenIdle(10_000));
    await old.close();
    await flushed(rec, 1);
    t.like(postStates(rec).at(-1), { state: "fault", offline: ["cafe"], modem: "not_answering" }, "the retained state the new bridge finds");
    const before = postStates(rec).length;

    bridge = new Bridge(bridgeOptions(broker, newDir));
    t.true(await bridge.whenIdle(10_000));
    await flushed(rec, 2);
    const published = postStates(rec).slice(before);
    t.deepEqual(
      published.filter((s) => s.state !== "fault" || !s.offline?.includes("cafe") || s.modem !== "not_answering").map((s) => JSON.stringify(s)),
      [],
      "post states the new bridge published without the offline café or the modem fault",
    );
    t.like(rec.json(`${P}/caller/cafe/state`).at(-1), { state: "offline" }, "the café's own entity");
  } finally {
    await bridge?.close();
    await rec.close();
    await broker.dispose();
    removeDirs(oldDir, newDir);
  }
});
