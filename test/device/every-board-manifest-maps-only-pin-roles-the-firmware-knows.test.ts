/**
 * Every board manifest (manifests/boards/, the screen boards included) gives `config.pins` that
 * the firmware's BoardPins accepts: a role the firmware does not know would stop the device at
 * boot ("unknown pin role"). The screen boards' receiver has the `next` (Xem tiếp) button, and
 * every board wires the LTE modem's UART (issue 14), clear of the console's GPIO 1 and 3.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BoardPins } from "../../firmware/moddable/board.ts";

const BOARDS = fileURLToPath(new URL("../../manifests/boards/", import.meta.url));

/** config.pins of a board manifest with its included board manifests (later wins). */
function pinsOf(file: string): Record<string, unknown> {
  const m = JSON.parse(readFileSync(file, "utf8")) as { include?: string[]; config?: { pins?: Record<string, unknown> } };
  let pins: Record<string, unknown> = {};
  for (const inc of (m.include ?? []).map((i) => join(dirname(file), i))) if (inc.startsWith(BOARDS)) pins = { ...pins, ...pinsOf(inc) };
  return { ...pins, ...m.config?.pins };
}

const files = [...readdirSync(BOARDS).filter((f) => f.endsWith(".json")), ...readdirSync(join(BOARDS, "screens")).map((f) => join("screens", f))];

for (const f of files) {
  test(`${f}: every pin role is known and resolves`, (t) => {
    const pins = new BoardPins({ configPins: pinsOf(join(BOARDS, f)), board: f });
    for (const role of ["siren", "acknowledge", "reset", "led"] as const) t.true(pins.has(role), role);
    if (f.startsWith("screens")) t.true(pins.has("next"), "a board with a screen has the next button");
    for (const role of ["modem_tx", "modem_rx"] as const) {
      t.true(pins.has(role), role);
      t.false([1, 3].includes(pins.pin(role)), `${role} is not a console UART pin`);
    }
  });
}
