/**
 * Claim (issue 13): the annunciator and the screen layout run unchanged inside Moddable's XS
 * engine (no Node global, no `String.prototype.normalize`, which XS lacks beyond Latin-1): for
 * every golden screen state on both profiles, the draw commands computed in XS are those
 * computed in Node, and those are the commands the simulator's framebuffer paints (with the
 * device fonts' metrics). Same commands, same fonts, same painter: the same pixels.
 */
import test from "ava";
import { SCREEN_PROFILES } from "../../firmware/core/screen/profiles.ts";
import { layout } from "../../firmware/core/screen/layout.ts";
import { hostFonts } from "../../tools/screen/framebuffer.ts";
import { SCREEN_STATES, viewOf } from "../../tools/screen/states.ts";
import { runInNodeAndXs } from "../support/run-in-both-engines.ts";

const metrics: Record<string, Record<string, { height: number; adv: Record<number, number> }>> = {};
for (const p of Object.values(SCREEN_PROFILES)) {
  const f = hostFonts(p);
  metrics[p.id] = {};
  for (const size of ["small", "large"] as const) metrics[p.id][size] = { height: f[size].height, adv: Object.fromEntries([...f[size].font.glyphs.values()].map((g) => [g.id, g.xadvance])) };
}

const script = `
import { layout } from "./firmware/core/screen/layout.ts";
import { SCREEN_PROFILES } from "./firmware/core/screen/profiles.ts";
import { SCREEN_STATES, viewOf } from "./tools/screen/states.ts";
const M = ${JSON.stringify(metrics)};
const font = (m) => ({ height: m.height, width: (s) => { let w = 0; for (const ch of s) w += m.adv[ch.codePointAt(0)] ?? 0; return w; } });
const out = {};
for (const p of Object.values(SCREEN_PROFILES)) for (const s of SCREEN_STATES) out[p.id + "/" + s.name] = layout(viewOf(s), p, { small: font(M[p.id].small), large: font(M[p.id].large) });
globalThis.result = JSON.stringify(out);
`;

test("every screen state gives the same draw commands in XS, in Node and in the simulator", async (t) => {
  const { inNode, inXs } = await runInNodeAndXs(script, "screen-layout");
  const host: Record<string, unknown> = {};
  for (const p of Object.values(SCREEN_PROFILES)) for (const s of SCREEN_STATES) host[`${p.id}/${s.name}`] = JSON.parse(JSON.stringify(layout(viewOf(s), p, hostFonts(p))));
  t.is(Object.keys(inXs as object).length, SCREEN_STATES.length * Object.keys(SCREEN_PROFILES).length);
  t.deepEqual(inXs, inNode);
  t.deepEqual(inNode, host);
});
