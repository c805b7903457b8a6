import test from "ava";
import { BoardPins } from "../../firmware/moddable/board.ts";

test("config.pins wins over the target's device.pin; device.pin fills the gaps", (t) => {
  const pins = new BoardPins({ configPins: { button: 27 }, devicePins: { button: 0, led: 2, sda: 21 } });
  t.is(pins.pin("button"), 27);
  t.is(pins.pin("led"), 2);
  t.false(pins.has("siren"));
});

test("a role the board lacks is an Error naming the role and where to map it", (t) => {
  const pins = new BoardPins({ configPins: { button: 27 }, board: "devkit" });
  const err = t.throws(() => pins.pin("siren"), { instanceOf: Error });
  t.regex(err!.message, /^devkit has no "siren" pin: map it in the board manifest's config\.pins/);
});

const refused: [string, unknown, RegExp][] = [
  ["an unknown role (a typo)", { sirene: 26 }, /^config\.pins\.sirene: unknown pin role/],
  ["a GPIO that is not an integer", { led: "2" }, /^config\.pins\.led: must be a GPIO number 0…48, got "2"/],
  ["a GPIO above 48", { led: 49 }, /^config\.pins\.led: must be a GPIO number/],
  ["one GPIO for two roles", { siren: 26, led: 26 }, /^config\.pins\.led: GPIO 26 is already the siren pin/],
];
for (const [what, configPins, message] of refused) {
  test(`config.pins with ${what} is refused`, (t) => {
    t.throws(() => new BoardPins({ configPins }), { instanceOf: RangeError, message });
  });
}

test("config.pins that is not an object is a TypeError", (t) => {
  t.throws(() => new BoardPins({ configPins: [27] }), { instanceOf: TypeError, message: /^config\.pins: / });
});
