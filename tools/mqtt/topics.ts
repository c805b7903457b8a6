/**
 * The MQTT topic layout of warning-bell (docs/mqtt.md), one post per prefix.
 *
 * Every topic of a post lives under `<root>/<post>/…` (root `warning-bell` by default), so many
 * posts share one broker (or cluster) and a broker ACL can grant a post, and only that post,
 * `<root>/<post>/#`. Under the prefix:
 *
 * | topic | retained | QoS | payload |
 * |---|---|---|---|
 * | `<prefix>/incident` | no | 1 | JSON incident event with a stable `id` |
 * | `<prefix>/state` | yes | 1 | JSON state of the post |
 * | `<prefix>/caller/<caller>/state` | yes | 1 | JSON state of one caller |
 * | `<prefix>/bridge/availability` | yes | 1 | `online` / `offline` (Last Will) |
 * | `<prefix>/node/<address>/availability` | yes | 1 | `online` / `offline` of an MQTT radio |
 * | `<prefix>/radio/<to>/<from>` | no | 1 | one sealed frame, raw bytes |
 *
 * Radio frames use one topic per direction per device: a device reads `radio/<self>/+` (frames
 * to it, the last level naming the sender) and writes only `radio/+/<self>` (frames from it),
 * so an ACL `pattern write <root>/<post>/radio/+/%u` makes the sender level unforgeable.
 *
 * Ids become topic levels through `topicLevel` (`firmware/core/topic-level.ts`, the one encoding
 * the device's MQTT radio uses too): MQTT 3.1.1 §4.7 reserves `/` (separator), `+` and `#`
 * (wildcards) and forbids U+0000, so those (and `%`, the escape itself) are percent-encoded;
 * everything else passes unchanged, so ordinary ids stay readable.
 */
import { TOPIC_LEVEL_LIMITS, idFromTopicLevel, isTopicRoot, topicLevel } from "../../firmware/core/topic-level.ts";

/** Defaults of `PostTopics`. */
export const TOPIC_DEFAULTS = {
  /** First level(s) of every topic: the system's name, shared by all posts on a broker. */
  root: "warning-bell",
} as const;

/** Availability payloads (the Home Assistant defaults `payload_available` / `payload_not_available`). */
export const AVAILABILITY = { online: "online", offline: "offline" } as const;
export type Availability = (typeof AVAILABILITY)[keyof typeof AVAILABILITY];

export { TOPIC_LEVEL_LIMITS, topicLevel, idFromTopicLevel };

/** Options of `PostTopics`. */
export interface PostTopicsOptions {
  /** The post's id, e.g. `"xuanpho"`: one topic level after the root. 1…64 characters. */
  post: string;
  /**
   * First level(s) of every topic, default `TOPIC_DEFAULTS.root`. Levels separated by `/`,
   * none empty, none with `+`, `#` or U+0000, and not starting with `$` (broker topics).
   */
  root?: string;
}

/** The topics of one post; see the table at the top of this file. */
export class PostTopics {
  /** `<root>/<post>`: every topic of this post starts with it. */
  readonly prefix: string;
  readonly post: string;
  readonly root: string;

  /** @throws TypeError / RangeError naming `post` or `root` when invalid. */
  constructor(options: PostTopicsOptions) {
    const root = options.root ?? TOPIC_DEFAULTS.root;
    if (typeof root !== "string") throw new TypeError("root must be a string");
    if (!isTopicRoot(root)) {
      throw new RangeError(`root "${root}" must be topic levels without "+", "#", empty levels or a leading "$"`);
    }
    this.root = root;
    this.post = options.post;
    this.prefix = `${root}/${topicLevel("post", options.post)}`;
  }

  /** Incident events (opened, acknowledged, resolved) of this post: QoS 1, not retained. */
  incident(): string {
    return `${this.prefix}/incident`;
  }

  /** The post's own state (JSON): retained. */
  postState(): string {
    return `${this.prefix}/state`;
  }

  /** One caller's state (JSON): retained. */
  callerState(caller: string): string {
    return `${this.prefix}/caller/${topicLevel("caller", caller)}/state`;
  }

  /** The bridge's availability (`online` / `offline`, its Last Will): retained. */
  bridgeAvailability(): string {
    return `${this.prefix}/bridge/availability`;
  }

  /** An MQTT radio's availability (`online` / `offline`, its Last Will): retained. */
  nodeAvailability(address: string): string {
    return `${this.prefix}/node/${topicLevel("address", address)}/availability`;
  }

  /** The topic a frame from `from` to `to` is published on. */
  frame(to: string, from: string): string {
    return `${this.prefix}/radio/${topicLevel("to", to)}/${topicLevel("from", from)}`;
  }

  /** The subscription that receives every frame sent to `address` (`…/radio/<address>/+`). */
  frameInbox(address: string): string {
    return `${this.prefix}/radio/${topicLevel("address", address)}/+`;
  }

  /**
   * Reads a frame topic back.
   * @returns `{to, from}` ids, or undefined for a topic that is not a frame topic of this post.
   */
  parseFrame(topic: string): { to: string; from: string } | undefined {
    const head = `${this.prefix}/radio/`;
    if (!topic.startsWith(head)) return undefined;
    const levels = topic.slice(head.length).split("/");
    if (levels.length !== 2) return undefined;
    const to = idFromTopicLevel(levels[0]!);
    const from = idFromTopicLevel(levels[1]!);
    return to === undefined || from === undefined ? undefined : { to, from };
  }
}
