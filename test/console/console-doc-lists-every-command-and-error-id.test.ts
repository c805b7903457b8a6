// docs/console.md cannot drift from the code: it names every console command and every error id
// the board and the host tools can give.
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { CONSOLE_COMMANDS, CONSOLE_ERRORS } from "../../firmware/stack/console.ts";
import { CONSOLE_PORT_ERRORS } from "../../tools/monitor/console-client.ts";
import { PROVISION_ERRORS } from "../../tools/provision/board.ts";
import { E_REGISTRY } from "../../tools/provision/registry.ts";
import { E_SIM_CONSOLE } from "../../tools/sim/console-run.ts";
import { repoRoot } from "../support/console-pty.ts";

const doc = readFileSync(path.join(repoRoot, "docs/console.md"), "utf8");

test("every command is documented", (t) => {
  for (const command of CONSOLE_COMMANDS) t.true(doc.includes(`\`${command}\``), command);
});

test("every error id is documented", (t) => {
  const ids = [...Object.values(CONSOLE_ERRORS), ...Object.values(CONSOLE_PORT_ERRORS), ...Object.values(PROVISION_ERRORS), E_REGISTRY, E_SIM_CONSOLE];
  for (const id of ids) t.true(doc.includes(`\`${id}\``), id);
});
