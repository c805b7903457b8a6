// A caller whose board was replaced gets a new key and a new node id (the receiver remembers the
// old node's frame counters); every other caller keeps its key and node; the receiver, which
// still holds the old key, is marked for provisioning again, after the new board.
import test from "ava";
import path from "node:path";
import { deviceState, expectedChecksum, nextSteps } from "../../tools/provision/plan.ts";
import { addCaller, findDevice, loadRegistry, newRegistry, replaceCaller, saveRegistry, type Registry } from "../../tools/provision/registry.ts";
import { runBell, tempDir } from "../support/console-pty.ts";

let next = 1;
const keys = () => new Uint8Array(16).fill(next++);

/** A post whose three boards all hold their identities. */
function provisionedPost(): Registry {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverMac: "24:0a:c4:00:00:01" });
  addCaller(r, { id: "clinic", name: "Trạm y tế", mac: "24:0a:c4:00:00:02" }, keys);
  addCaller(r, { id: "market", name: "Siêu thị Hoa Mai", mac: "24:0a:c4:00:00:03" }, keys);
  addCaller(r, { id: "bank", name: "Ngân hàng", mac: "24:0a:c4:00:00:04" }, keys);
  for (const d of r.devices) d.provisioned = { identityCrc32: expectedChecksum(r, d)!, mac: d.mac!, at: "2026-11-30T08:00:00.000Z" };
  return r;
}

test("replace gives the caller a new key and node, retires the old node, and leaves the other callers' keys alone", (t) => {
  const r = provisionedPost();
  t.deepEqual(nextSteps(r), []);
  const before = new Map(r.devices.map((d) => [d.id, { key: d.key && Buffer.from(d.key).toString("hex"), node: d.nodeId, crc: d.provisioned!.identityCrc32 }]));
  const replaced = replaceCaller(r, "market", () => new Uint8Array(16).fill(0xee));

  t.deepEqual(replaced.key, new Uint8Array(16).fill(0xee));
  t.is(replaced.nodeId, 5);
  t.is(replaced.mac, undefined, "the new board's address is learned when it is plugged in");
  t.deepEqual(r.retiredNodes, [3]);
  for (const id of ["clinic", "bank"]) {
    const d = findDevice(r, id);
    t.is(Buffer.from(d.key!).toString("hex"), before.get(id)!.key ?? "", `${id} keeps its key`);
    t.is(d.nodeId, before.get(id)!.node, `${id} keeps its node`);
    t.is(deviceState(r, d).kind, "current", `${id}'s board needs nothing`);
    t.is(expectedChecksum(r, d), before.get(id)!.crc);
  }
  t.is(deviceState(r, findDevice(r, "post")).kind, "stale");
  t.deepEqual(
    nextSteps(r).map((s) => s.command),
    ["bell provision device market", "bell provision device post"],
    "the new board first (its address), then the receiver with the new key",
  );
  t.regex(nextSteps(r)[1]!.why, /its callers changed since it was provisioned/);
});

test("bell provision replace says the receiver must be provisioned again, and in which order", async (t) => {
  const { dir, cleanup } = tempDir("bell-replace-");
  t.teardown(cleanup);
  const file = path.join(dir, "xuan-pho.bell.json");
  saveRegistry(file, provisionedPost());
  const keysBefore = loadRegistry(file).devices.map((d) => [d.id, d.key]);
  const run = await runBell(["provision", "replace", "market"], dir, 60_000);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /market \("Siêu thị Hoa Mai"\) now has a new key and node 5/);
  t.regex(run.stdout, /The receiver post still has the old key: until it is provisioned again it ignores market\./);
  t.regex(run.stdout, /1\. bell provision device market\n.*\n\s+2\. bell provision device post\n/);
  const keysAfter = loadRegistry(file).devices.map((d) => [d.id, d.key]);
  t.deepEqual(keysAfter.filter(([id]) => id !== "market"), keysBefore.filter(([id]) => id !== "market"), "the file keeps every other key");
  t.notDeepEqual(keysAfter.find(([id]) => id === "market"), keysBefore.find(([id]) => id === "market"));
});
