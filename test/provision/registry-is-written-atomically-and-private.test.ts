// The registry holds every caller's key: it is written through a temporary file renamed over the
// old one (a crash never leaves half a file), with mode 0600 even where an older copy was 0644,
// and a registry that would not load again is never written.
import test from "ava";
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { addCaller, loadRegistry, newRegistry, saveRegistry } from "../../tools/provision/registry.ts";
import { tempDir } from "../support/console-pty.ts";

const fixedKey = (fill: number) => () => new Uint8Array(16).fill(fill);

test("saving replaces the file by rename, leaves no temporary file, and makes it 0600", (t) => {
  const { dir, cleanup } = tempDir("bell-registry-");
  t.teardown(cleanup);
  const file = path.join(dir, "xuan-pho.bell.json");
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6 });
  writeFileSync(file, "old contents");
  chmodSync(file, 0o644);
  const before = statSync(file).ino;
  addCaller(r, { id: "clinic", name: "Trạm y tế" }, fixedKey(7));
  saveRegistry(file, r);
  const after = statSync(file);
  t.not(after.ino, before, "a new file was renamed over the old one");
  t.is(after.mode & 0o777, 0o600);
  t.deepEqual(readdirSync(dir), ["xuan-pho.bell.json"]);
  t.deepEqual(loadRegistry(file).devices[1]!.key, new Uint8Array(16).fill(7));
});

test("a registry that would be refused on load is not written; the old file stays", (t) => {
  const { dir, cleanup } = tempDir("bell-registry-");
  t.teardown(cleanup);
  const file = path.join(dir, "xuan-pho.bell.json");
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6 });
  addCaller(r, { id: "clinic", name: "Trạm y tế" }, fixedKey(1));
  saveRegistry(file, r);
  const good = readFileSync(file, "utf8");
  r.devices[1]!.nodeId = r.devices[0]!.nodeId; // a bug elsewhere: two devices with node 1
  t.throws(() => saveRegistry(file, r), { message: /devices\[1\]\.node: 1 is also devices\[0\]'s node id/ });
  t.is(readFileSync(file, "utf8"), good);
  t.deepEqual(readdirSync(dir), ["xuan-pho.bell.json"]);
});

test("loading warns when other users can read the keys", (t) => {
  const { dir, cleanup } = tempDir("bell-registry-");
  t.teardown(cleanup);
  const file = path.join(dir, "post.bell.json");
  saveRegistry(file, newRegistry({ postId: "post", postName: "Post", channel: 1 }));
  const warnings: string[] = [];
  loadRegistry(file, (w) => warnings.push(w));
  t.deepEqual(warnings, []);
  chmodSync(file, 0o644);
  loadRegistry(file, (w) => warnings.push(w));
  t.is(warnings.length, 1);
  t.regex(warnings[0]!, /can be read by other users.*\n.*chmod 600/);
});
