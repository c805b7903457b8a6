/**
 * Claim: the device's MQTT radio (`firmware/moddable/mqtt-radio.ts`) and the host's
 * (`tools/mqtt/topics.ts`) read the sender level of a frame topic alike: the same id, or both
 * refuse it. One encoding, `firmware/core/topic-level.ts`, serves both (issue 12: it was
 * written twice, and the device's copy took `%41` for `A`, a level no radio writes).
 * No broker: a fake legacy client hands the device radio each topic.
 */
import test from "ava";
import fc from "fast-check";
import type { LegacyMqttClient } from "../../firmware/moddable/mqtt-radio.ts";
import { ModdableMqttRadio } from "../../firmware/moddable/mqtt-radio.ts";
import { PostTopics } from "../../tools/mqtt/topics.ts";

class InlineClient implements LegacyMqttClient {
  static last: InlineClient | undefined;
  onReady?: () => void;
  onMessage?: (topic: string, data: ArrayBuffer) => void;
  onClose?: () => void;
  constructor() {
    InlineClient.last = this;
  }
  subscribe(): void {}
  publish(): void {}
  close(): void {}
}

/** What the device radio reports as the sender of a frame on `topic`, or undefined if it drops it. */
function deviceReads(topic: string): string | undefined {
  const heard: string[] = [];
  const radio = new ModdableMqttRadio({
    Client: InlineClient as never,
    scheduler: { schedule: () => ({}), cancel: () => undefined },
    random: () => 0,
    host: "broker",
    post: "p1",
    address: "post",
    handlers: { onReceive: (_payload, from) => void heard.push(from), onSent: () => undefined },
  });
  try {
    InlineClient.last!.onReady?.();
    InlineClient.last!.onMessage?.(topic, Uint8Array.of(1).buffer);
  } finally {
    radio.close();
  }
  return heard[0];
}

const host = new PostTopics({ post: "p1" });

test("a table of sender levels: the device reads what the host reads", (t) => {
  for (const level of ["clinic", "a%2Fb", "50%25", "%41", "%2f", "%", "%2", "x%00y", "%00", "a".repeat(64), "a".repeat(65), "%2F".repeat(22)]) {
    const topic = `warning-bell/p1/radio/post/${level}`;
    t.is(deviceReads(topic), host.parseFrame(topic)?.from, level);
  }
});

test("property: any sender level is read alike by the device and the host", (t) => {
  const level = fc.string({ minLength: 1, maxLength: 70, unit: fc.constantFrom("a", "%", "2", "F", "f", "5", "4", "1", "0", "é") });
  t.notThrows(() =>
    fc.assert(
      fc.property(level, (l) => {
        const topic = `warning-bell/p1/radio/post/${l}`;
        return deviceReads(topic) === host.parseFrame(topic)?.from;
      }),
      { seed: 12, numRuns: 2000 },
    ),
  );
});
