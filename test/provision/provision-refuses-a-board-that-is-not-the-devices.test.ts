// `bell provision device` writes nothing to a board that is not the device's: one running the
// other role's firmware, one the registry knows as another device, or one other than the board
// the device was provisioned on (a replaced board needs `bell provision replace` first).
import test from "ava";
import path from "node:path";
import { JobError } from "../../tools/errors.ts";
import { ConsolePort } from "../../tools/monitor/console-client.ts";
import { provisionBoard } from "../../tools/provision/board.ts";
import { addCaller, newRegistry, type Registry } from "../../tools/provision/registry.ts";
import { FixedPtyPair, hasSocat, NO_SOCAT_REASON, startConsoleSim, tempDir } from "../support/console-pty.ts";

const ptyTest = hasSocat ? test : test.skip;
if (!hasSocat) console.warn(NO_SOCAT_REASON);

const SCENARIO = {
  name: "one clinic board on a console",
  seed: 1,
  duration_ms: 600_000,
  devices: [
    { id: "post", role: "receiver", name: "Post" },
    { id: "clinic", role: "caller", name: "Trạm y tế" },
  ],
  inputs: [],
};
/** The simulated clinic board's MAC (second device of the scenario). */
const BOARD = "02:00:00:00:00:02";

function registry(): Registry {
  const r = newRegistry({ postId: "xuan-pho", postName: "Post", channel: 6, receiverMac: "24:0a:c4:00:00:01" });
  addCaller(r, { id: "clinic", name: "Trạm y tế" });
  addCaller(r, { id: "market", name: "Siêu thị" });
  return r;
}

const rows: Array<{ name: string; device: string; prepare(r: Registry): void; id: string; says: RegExp }> = [
  { name: "the receiver's identity on a caller board", device: "post", prepare: () => undefined, id: "E_PROVISION_WRONG_ROLE", says: /runs the caller firmware, but post is a receiver/ },
  {
    name: "a board the registry knows as another device",
    device: "clinic",
    prepare: (r) => void (r.devices[2]!.mac = BOARD),
    id: "E_PROVISION_OTHER_BOARD",
    says: /is market \("Siêu thị"\) in this registry, not clinic[^]*bell provision remove market/,
  },
  {
    name: "a board other than the one the device has",
    device: "clinic",
    prepare: (r) => void (r.devices[1]!.mac = "24:0a:c4:00:00:99"),
    id: "E_PROVISION_OTHER_BOARD",
    says: /clinic is registered with the board 24:0a:c4:00:00:99, but the board on .* is 02:00:00:00:00:02[^]*bell provision replace clinic/,
  },
];

ptyTest("a board that is not the device's is refused and nothing is written", async (t) => {
  const { dir, cleanup } = tempDir("bell-other-board-");
  const pair = new FixedPtyPair(path.join(dir, "clinic"), path.join(dir, "clinic-host"));
  t.teardown(() => {
    pair.unplug();
    cleanup();
  });
  await pair.plug();
  const sim = await startConsoleSim(dir, SCENARIO, { clinic: pair.device }, true);
  t.teardown(() => sim.stop().catch(() => undefined));
  const port = await ConsolePort.open({ path: pair.host });
  t.teardown(() => port.close());
  for (const row of rows) {
    const r = registry();
    row.prepare(r);
    let saved = 0;
    const err = await t.throwsAsync(
      provisionBoard({ registry: r, deviceId: row.device, port, save: () => saved++, out: () => undefined }),
      { instanceOf: JobError },
      row.name,
    );
    t.is(err?.id, row.id, row.name);
    t.regex(err!.message, row.says, row.name);
    t.is(saved, 0, `${row.name}: the registry is not saved`);
    t.deepEqual(sim.boards.get("clinic")!.identityStore.keys(), [], `${row.name}: nothing written to the board`);
  }
  await port.close();
  await sim.stop();
});
