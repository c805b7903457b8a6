import test from "ava";
import fc from "fast-check";
import { idFromTopicLevel, PostTopics, topicLevel } from "../../tools/mqtt/topics.ts";

test("the topic layout puts everything of a post under <root>/<post>/", (t) => {
  const topics = new PostTopics({ post: "xuanpho" });
  const rows: [string, string][] = [
    [topics.incident(), "warning-bell/xuanpho/incident"],
    [topics.postState(), "warning-bell/xuanpho/state"],
    [topics.callerState("clinic"), "warning-bell/xuanpho/caller/clinic/state"],
    [topics.bridgeAvailability(), "warning-bell/xuanpho/bridge/availability"],
    [topics.nodeAvailability("aa:bb:cc:dd:ee:ff"), "warning-bell/xuanpho/node/aa:bb:cc:dd:ee:ff/availability"],
    [topics.frame("post", "clinic"), "warning-bell/xuanpho/radio/post/clinic"],
    [topics.frameInbox("post"), "warning-bell/xuanpho/radio/post/+"],
    [new PostTopics({ post: "p 1/2", root: "vn/hue/warning-bell" }).callerState("a+b#c"), "vn/hue/warning-bell/p 1%2F2/caller/a%2Bb%23c/state"],
  ];
  for (const [got, want] of rows) t.is(got, want);
  t.deepEqual(topics.parseFrame("warning-bell/xuanpho/radio/post/a%2Fb"), { to: "post", from: "a/b" });
  for (const bad of ["warning-bell/other/radio/post/x", "warning-bell/xuanpho/radio/post", "warning-bell/xuanpho/radio/post/x/y", "warning-bell/xuanpho/radio/post/%zz"]) {
    t.is(topics.parseFrame(bad), undefined, bad);
  }
  t.throws(() => new PostTopics({ post: "" }), { instanceOf: RangeError, message: /post/ });
  t.throws(() => new PostTopics({ post: "p", root: "a/+/b" }), { instanceOf: RangeError, message: /root/ });
  t.throws(() => new PostTopics({ post: "p", root: "$SYS" }), { instanceOf: RangeError, message: /root/ });
  t.throws(() => topicLevel("caller", "x".repeat(65)), { instanceOf: RangeError, message: /caller/ });
});

test("property: any id becomes one valid topic level and decodes back to itself", (t) => {
  const id = fc.string({ minLength: 1, maxLength: 64, unit: fc.constantFrom("a", "/", "+", "#", "%", "\u0000", "2", "F", "é", "$", " ") });
  t.notThrows(() =>
    fc.assert(
      fc.property(id, (s) => {
        const level = topicLevel("id", s);
        return !/[/+#\u0000]/.test(level) && idFromTopicLevel(level) === s;
      }),
    ),
  );
});
