/**
 * Claim: a settings object whose key is a name every JS object inherits ("constructor",
 * "toString", "__proto__" …) is refused like any unknown field: a ConfigError naming the JSON
 * path, so `bell sim` exits 2 with the path and provisioning names the field. Before the fix
 * the lookup found the inherited member and the parser crashed with "undefined is not
 * iterable" (a TypeError naming nothing).
 */
import test from "ava";
import { ConfigError, parseSettings } from "../../firmware/core/config.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

const names = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf"];

for (const name of names) {
  test(`"${name}" is an unknown setting`, (t) => {
    const json = JSON.parse(`{"hold_ms": 100, "${name}": 5}`) as unknown;
    const err = t.throws(() => parseSettings(json, "settings"), { instanceOf: ConfigError });
    t.is(err?.path, `settings.${name}`);
    t.regex(err?.reason ?? "", /unknown setting/);
  });
}

test("a scenario with such a key is refused naming its path", (t) => {
  const json = JSON.parse('{"duration_ms": 1000, "devices": [{"id": "post", "role": "receiver"}, {"id": "c1", "role": "caller", "config": {"constructor": 1}}]}') as unknown;
  t.throws(() => parseScenario(json), { message: /devices\[1\]\.config\.constructor: unknown setting/ });
});
