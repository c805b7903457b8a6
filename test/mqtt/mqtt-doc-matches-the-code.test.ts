import test from "ava";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mosquittoAcl } from "../../tools/mqtt/acl.ts";
import { BRIDGE_ERROR_IDS } from "../../tools/mqtt/command.ts";
import { HomeAssistantDiscovery } from "../../tools/mqtt/discovery.ts";
import { PostTopics } from "../../tools/mqtt/topics.ts";

const doc = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/mqtt.md"), "utf8");

/** The text between `<!-- name... -->` and `<!-- /name -->`. */
function block(name: string): string {
  const start = doc.indexOf(`<!-- ${name}`);
  const end = doc.indexOf(`<!-- /${name.split(":")[0]} -->`, start);
  if (start < 0 || end < 0) throw new Error(`docs/mqtt.md has no ${name} block`);
  return doc.slice(doc.indexOf("-->", start) + 3, end);
}

/** Rows of the markdown table(s) in `text`, as cells, without header and rule rows. */
function rows(text: string): string[][] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("|") && !/^\|[-| ]+\|$/.test(l))
    .slice(1)
    .map((l) => l.slice(1, -1).split("|").map((c) => c.trim().replace(/^`|`$/g, "")));
}

test("docs/mqtt.md: the ACL example is what mosquittoAcl generates", (t) => {
  const fenced = block("acl:xuanpho post clinic").trim().replace(/^```\n|\n```$/g, "");
  t.is(fenced + "\n", mosquittoAcl({ post: "xuanpho", radios: ["post", "clinic"] }));
});

test("docs/mqtt.md: the topic table lists the topics PostTopics builds", (t) => {
  const topics = new PostTopics({ post: "xuanpho" });
  const documented = rows(block("topics:xuanpho")).map((r) => r[0]);
  t.deepEqual(documented, [
    topics.incident(),
    topics.postState(),
    topics.callerState("<caller>"),
    topics.bridgeAvailability(),
    topics.nodeAvailability("<address>"),
    topics.frame("<to>", "<from>"),
  ]);
});

test("docs/mqtt.md: the Home Assistant table matches the discovery configs", (t) => {
  const d = new HomeAssistantDiscovery({ topics: new PostTopics({ post: "xuanpho" }) });
  const configs = new Map([...d.forCaller("clinic"), ...d.forPost()].map((m) => [m.topic.split("/")[3]!, JSON.parse(m.payload) as Record<string, string>]));
  const m = new Map([...d.forCaller("clinic"), ...d.forPost()].map((x) => [x.topic.split("/")[3]!, x.topic.split("/")[1]!]));
  const table = rows(doc.slice(doc.indexOf("| object id |"), doc.indexOf("Config topics:")));
  t.is(table.length, configs.size);
  for (const [objectId, component, deviceClass] of table) {
    const config = configs.get(objectId!.replace("<caller>", "clinic"));
    t.truthy(config, objectId);
    t.is(component, m.get(objectId!.replace("<caller>", "clinic")) ?? "(none)", objectId);
    t.is(deviceClass!.split(" ")[0]!.replace(/`/g, ""), config?.device_class ?? "(none)", objectId);
  }
});

test("docs/mqtt.md: the error table lists exactly the bridge's error ids", (t) => {
  const documented = rows(doc.slice(doc.indexOf("| id | status | meaning |"))).map((r) => r[0]).filter((id) => id?.startsWith("E_"));
  t.deepEqual([...documented].sort(), Object.values(BRIDGE_ERROR_IDS).sort() as string[]);
});
