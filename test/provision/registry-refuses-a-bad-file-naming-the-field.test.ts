// A damaged or hand-edited registry is refused before anything is sent to a board, with the file,
// the JSON path of the bad field (or the line and column of broken JSON) and why; the message
// never quotes a key (exit 2, E_REGISTRY).
import test from "ava";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../../tools/errors.ts";
import { addCaller, loadRegistry, newRegistry, registryToJson } from "../../tools/provision/registry.ts";
import { tempDir } from "../support/console-pty.ts";

const KEY = "00112233445566778899aabbccddeeff";

function goodJson(): Record<string, any> {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6 });
  addCaller(r, { id: "clinic", name: "Trạm y tế" }, () => Uint8Array.from(Buffer.from(KEY, "hex")));
  addCaller(r, { id: "bank", name: "Ngân hàng" }, () => new Uint8Array(16).fill(9));
  return JSON.parse(registryToJson(r));
}

const rows: Array<{ name: string; text: (g: Record<string, any>) => string; says: RegExp }> = [
  { name: "broken JSON", text: (g) => JSON.stringify(g, null, 2).replace('"channel": 6,', '"channel": 6,,'), says: /is not valid JSON at line 8, column 16: / },
  { name: "not a registry", text: () => JSON.stringify({ hello: 1 }), says: /\(registry\)|hello: unknown field/ },
  { name: "wrong format marker", text: (g) => JSON.stringify({ ...g, format: "something-else" }), says: /format: must be "warning-bell-registry"/ },
  { name: "key too short", text: (g) => ((g.devices[1].key = KEY.slice(0, 30)), JSON.stringify(g)), says: /devices\[1\]\.key: must be 32 hex digits \(16 bytes\)/ },
  { name: "key not hex", text: (g) => ((g.devices[2].key = "zz" + KEY.slice(2)), JSON.stringify(g)), says: /devices\[2\]\.key: must be 32 hex digits/ },
  { name: "bad MAC", text: (g) => ((g.devices[1].mac = "24:0a:c4:12:34"), JSON.stringify(g)), says: /devices\[1\]\.mac: must be a MAC address like 24:0a:c4:12:34:56/ },
  { name: "two receivers", text: (g) => ((g.devices[2].role = "receiver"), delete g.devices[2].key, JSON.stringify(g)), says: /devices\[2\]\.role: a post has one receiver/ },
  { name: "duplicate node id", text: (g) => ((g.devices[2].node = g.devices[1].node), JSON.stringify(g)), says: /devices\[2\]\.node: 2 is also devices\[1\]'s node id/ },
  { name: "duplicate id", text: (g) => ((g.devices[2].id = "clinic"), JSON.stringify(g)), says: /devices\[2\]\.id: "clinic" is also devices\[1\]/ },
  { name: "bad setting", text: (g) => ((g.devices[1].settings = { hold_ms: -5 }), JSON.stringify(g)), says: /devices\[1\]\.settings\.hold_ms: must be 0…10000 ms, got -5/ },
  { name: "channel out of range", text: (g) => ((g.channel = 13), JSON.stringify(g)), says: /channel: must be an integer 1…11, got 13/ },
  { name: "retired node in use", text: (g) => ((g.retired_nodes = [2]), JSON.stringify(g)), says: /devices\[1\]\.node: 2 is retired/ },
];

for (const row of rows) {
  test(`refused: ${row.name}`, (t) => {
    const { dir, cleanup } = tempDir("bell-registry-");
    t.teardown(cleanup);
    const file = path.join(dir, "xuan-pho.bell.json");
    writeFileSync(file, row.text(goodJson()), { mode: 0o600 });
    const err = t.throws(() => loadRegistry(file), { instanceOf: UsageError });
    t.is(err?.id, "E_REGISTRY");
    t.true(err!.message.startsWith(file), err?.message);
    t.regex(err!.message, row.says);
    t.false(err!.message.toLowerCase().includes(KEY.slice(4, 20)), "the message never quotes a key");
  });
}

test("a missing registry says how to create one", (t) => {
  const err = t.throws(() => loadRegistry("/nonexistent/xuan-pho.bell.json"), { instanceOf: UsageError });
  t.regex(err!.message, /does not exist \(E_REGISTRY\)\n.*bell provision init --post/);
});

test("the good registry loads", (t) => {
  const { dir, cleanup } = tempDir("bell-registry-");
  t.teardown(cleanup);
  const file = path.join(dir, "xuan-pho.bell.json");
  writeFileSync(file, JSON.stringify(goodJson()), { mode: 0o600 });
  t.is(loadRegistry(file).devices.length, 3);
});
