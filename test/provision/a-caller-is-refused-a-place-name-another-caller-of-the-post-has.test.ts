/**
 * Claim: `bell provision add-caller` refuses a place name that another caller of the same post
 * already has, naming that caller, also when the two spellings differ only in case, spacing or
 * Unicode composition (a Vietnamese name typed in precomposed NFC by one installer and in
 * decomposed NFD by another input method looks identical). An officer who hears
 * "ALARM: Quán cà phê" and has two of them cannot tell where to send help: an alarm that
 * cannot be located is a missed alarm. Different places are still accepted.
 *
 * Adversarial review of issue 10 (break10): before this change both callers were accepted.
 */
import test from "ava";
import { addCaller, newRegistry } from "../../tools/provision/registry.ts";

let next = 1;
const keys = () => new Uint8Array(16).fill(next++);

const post = () => {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6 });
  addCaller(r, { id: "cafe", name: "Quán cà phê Sen" }, keys);
  return r;
};

for (const [what, name] of [
  ["the same name", "Quán cà phê Sen"],
  ["another case", "quán cà phê sen"],
  ["extra spaces", "  Quán  cà phê Sen "],
  ["decomposed (NFD) Vietnamese", "Quán cà phê Sen".normalize("NFD")],
] as const) {
  test(`a second caller with ${what} is refused, naming the first`, (t) => {
    const r = post();
    const err = t.throws(() => addCaller(r, { id: "cafe2", name }, keys));
    t.regex(err!.message, /E_REGISTRY/);
    t.regex(err!.message, /"cafe"/, "names the caller that already has the name");
    t.is(r.devices.length, 2, "the registry is unchanged");
  });
}

test("a different place is accepted", (t) => {
  const r = post();
  addCaller(r, { id: "cafe2", name: "Quán cà phê Sen, đường Lê Lợi" }, keys);
  t.is(r.devices.length, 3);
});
