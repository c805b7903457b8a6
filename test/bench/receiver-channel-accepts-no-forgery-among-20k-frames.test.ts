/**
 * Claim: 20,000 random, mutated, forged, relabelled, reflected and replayed frames through a
 * post's SecureChannel, interleaved with its 20 callers' genuine frames, are all refused, none
 * throws, and every genuine frame is still accepted. The harness itself is checked: a channel
 * that skips authentication is caught accepting forgeries.
 */
import test from "ava";
import { FRAME_CLASSES, runFuzz, type FuzzCounts } from "../../bench/forgery.ts";
import { decodeFrame } from "../../firmware/core/frame/decode.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";

const COUNTS: FuzzCounts = { random: 8000, structured: 3000, mutated: 4000, wrong_key: 1500, sender_swap: 1000, replay: 2000, reflected: 500 };

test("20k attack frames: 0 accepted, 0 throws, every genuine frame accepted", (t) => {
  const r = runFuzz({ seed: 11, counts: COUNTS, hmac: hmacSha256, batch: 500 });
  const attack = FRAME_CLASSES.filter((c) => c !== "legit");
  t.is(attack.reduce((s, c) => s + r.byClass[c].frames, 0), 20_000);
  t.is(r.acceptedForgeries, 0, JSON.stringify(r.examples));
  t.is(r.crashes, 0, JSON.stringify(r.examples));
  t.is(r.refusedGenuine, 0);
  t.true(r.byClass.legit.frames > 1000);
  t.is(r.byClass.legit.accepted, r.byClass.legit.frames);
  // Each class was refused for the reason its design predicts.
  t.deepEqual(Object.keys(r.byClass.replay.reasons), ["replay"]);
  t.deepEqual(Object.keys(r.byClass.reflected.reasons), ["unknown_peer"]);
  t.deepEqual(Object.keys(r.byClass.wrong_key.reasons), ["bad_tag"]);
  t.true((r.byClass.mutated.reasons.bad_tag ?? 0) > 0, "some mutants reached the tag check");
});

test("the harness catches a channel that skips authentication", (t) => {
  const r = runFuzz({ seed: 11, counts: { ...COUNTS, random: 500, structured: 500 }, hmac: hmacSha256, batch: 500, open: (_channel, bytes) => decodeFrame(bytes) });
  t.true(r.acceptedForgeries > 0);
  t.true(r.byClass.wrong_key.accepted > 0 && r.byClass.replay.accepted > 0);
});

test("the harness counts a throwing channel as crashes, never as refusals", (t) => {
  const r = runFuzz({
    seed: 12,
    counts: { random: 100, structured: 0, mutated: 0, wrong_key: 0, sender_swap: 0, replay: 0, reflected: 0 },
    hmac: hmacSha256,
    open: () => {
      throw new Error("boom");
    },
  });
  t.is(r.crashes, r.byClass.random.frames + r.byClass.legit.frames);
  t.is(r.byClass.random.crashes, 100);
});
