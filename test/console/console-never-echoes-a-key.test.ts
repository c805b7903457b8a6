// No reply ever contains a key: whatever the provision line (valid, damaged, cut short, a bad
// field next to the key, a mistyped command word, a line of hex, too long), the reply holds
// neither the key's hex (either case, or a 12-digit piece of it) nor its base64.
import test from "ava";
import fc from "fast-check";
import { identityToJson } from "../../firmware/stack/identity-writer.ts";
import { callerIdentity, handlerFor, provisionLine, provisionLineFor } from "./support.ts";

/** The ways a key could show up in text. */
function forms(key: Uint8Array): string[] {
  const hex = Buffer.from(key).toString("hex");
  return [hex, hex.slice(0, 12), hex.slice(10, 22), hex.slice(-12), Buffer.from(key).toString("base64").slice(0, 16)];
}

/** Every reply the console gives to lines built around `key`. */
function repliesAround(key: Uint8Array, cut: number): string {
  const identity = callerIdentity({ key });
  const json = identityToJson(identity);
  const hex = Buffer.from(key).toString("hex");
  const lines = [
    provisionLineFor(identity),
    provisionLineFor(identity).replace(hex, hex.slice(1) + "0"),
    provisionLine(json.slice(0, cut)),
    provisionLine(json.replace(`"key":"${hex}"`, `"key":"${hex}x"`)),
    provisionLine(json.replace(`"key":"${hex}"`, `"key":"${hex}","colour":"${hex}"`)),
    provisionLine(json.replace(`"key":"${hex}"`, `"key":"${hex}",`)),
    `provison 12345678 ${json}`,
    `${hex} ${hex}`,
  ];
  const { handler } = handlerFor("caller");
  return [...lines.map((l) => handler.handle(l)!.line), handler.overflow(10_000).line].join("\n").toLowerCase();
}

test("no reply to any variation of a provision line contains the key", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 220 }), (key, cut) => {
        const replies = repliesAround(key, cut);
        return forms(key).every((f) => !replies.includes(f.toLowerCase()));
      }),
      { numRuns: 150, seed: 11 },
    ),
  );
  // The check itself can fail: a reply that did quote the line would be caught.
  const key = new Uint8Array(16).fill(0xab);
  t.true(forms(key).some((f) => `{"message":"${Buffer.from(key).toString("hex")}"}`.includes(f)));
});
