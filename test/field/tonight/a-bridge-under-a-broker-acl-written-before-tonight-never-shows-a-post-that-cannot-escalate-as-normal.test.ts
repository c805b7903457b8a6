/**
 * Claim (docs/mqtt.md §2.3: a bridge started without its saved model "reads the retained post
 * state back from the broker … so its first publish is no 'back to normal'"; §8: the generated
 * ACL lets the bridge read its state topic): a post that cannot reach the duty phones never shows
 * as `normal` when its bridge starts from scratch — also at a post whose broker ACL was generated
 * before tonight. Until tonight `mosquittoAcl` wrote `topic write <post>/state` for the bridge
 * (commit 2e093ec made it `readwrite`), and the broker's ACL file is installed once, by hand
 * (`mosquitto_passwd`, `acl_file`), so every post set up before tonight keeps the old one after
 * `bell` is updated.
 *
 * FAILS on break15 (9e474ba): mosquitto accepts the subscription and delivers nothing (it checks
 * reads per message), the bridge cannot tell "nothing retained" from "not allowed to read", and
 * publishes `{"state":"normal",…}` with no `escalation` — and keeps it until the receiver next
 * reboots, since the receiver states its escalation only after a boot. Right behaviour: a bridge
 * that has neither its model nor a read-back does not claim `normal` before the receiver has
 * stated its escalation (e.g. `escalation_unconfirmed` with no known reason), or it finds out that
 * it cannot read its state topic and says so on stderr (the installer then regenerates the ACL).
 */
import { mosquittoAcl } from "../../../tools/mqtt/acl.ts";
import { BOOT, Bridge, bridgeOptions, brokerFinding, flushed, LISTED, MqttRecorder, NO_DUTY_LIST, P, postStates, queueDir, removeDirs } from "./bridge-world.ts";
import { Mosquitto } from "../../support/mosquitto.ts"; // named here: a file that starts a broker keeps its own test worker (test/support/short-file-groups.ts)

const auth = (username: string) => ({ username, password: `pw-${username}` });

brokerFinding("with the ACL mosquittoAcl wrote before tonight, a bridge from scratch keeps the escalation fault", async (t) => {
  const current = mosquittoAcl({ post: "xuanpho", radios: ["post"] });
  const line = `topic readwrite ${P}/state\n`;
  t.true(current.includes(line), "today's ACL lets the bridge read its state topic");
  // The ACL as generated before 2e093ec, plus a test user that may read everything and write markers.
  const before = current.replace(line, `topic write ${P}/state\n`) + "\nuser tester\ntopic readwrite #\n";
  const broker = await Mosquitto.start({ users: { "xuanpho-bridge": auth("xuanpho-bridge").password, tester: auth("tester").password }, acl: before });
  const [oldDir, newDir] = [queueDir(), queueDir()];
  const rec = await MqttRecorder.connect(broker.url, [`${P}/state`, "marker/#"], auth("tester"));
  let bridge: Bridge | undefined;
  try {
    const old = new Bridge(bridgeOptions(broker, oldDir, auth("xuanpho-bridge")));
    for (const e of [BOOT, LISTED, NO_DUTY_LIST]) old.ingest(e);
    t.true(await old.whenIdle(10_000));
    await old.close();
    await flushed(rec, 1);
    t.like(postStates(rec).at(-1), { state: "fault", escalation: "no_duty_list" }, "the retained state the new bridge finds");
    const seen = postStates(rec).length;

    bridge = new Bridge(bridgeOptions(broker, newDir, auth("xuanpho-bridge")));
    t.true(await bridge.whenIdle(10_000));
    bridge.ingest(LISTED); // any line of a receiver that has not rebooted
    t.true(await bridge.whenIdle(10_000));
    await flushed(rec, 2);
    const published = postStates(rec).slice(seen);
    t.deepEqual(published.filter((s) => s.state === "normal").map((s) => JSON.stringify(s)), [], "post states `normal` the new bridge published");
  } finally {
    await bridge?.close();
    await rec.close();
    await broker.dispose();
    removeDirs(oldDir, newDir);
  }
});
