import test from "ava";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { TRANSMIT_QUEUE_DEFAULTS } from "../../firmware/core/link/transmit-queue.ts";
import { leaves, readmeRows } from "./support/readme-defaults.ts";

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../firmware/core/link/README.md");

test("the link README's defaults table lists every default, with the value in the code", (t) => {
  const rows = readmeRows(README);
  const actual = new Map([...leaves("LINK_DEFAULTS", LINK_DEFAULTS), ...leaves("TRANSMIT_QUEUE_DEFAULTS", TRANSMIT_QUEUE_DEFAULTS)]);
  t.deepEqual([...rows.keys()].sort(), [...actual.keys()].sort(), "same constants");
  for (const [name, value] of actual) t.is(rows.get(name), String(value), name);
});
