/**
 * MQTT topic levels of warning-bell ids: the one encoding both MQTT radios use (the device's,
 * `firmware/moddable/mqtt-radio.ts`, and the host's, `tools/mqtt/topics.ts`), so a frame topic
 * one writes the other reads (docs/mqtt.md).
 *
 * MQTT 3.1.1 §4.7 reserves `/` (level separator), `+` and `#` (wildcards) and forbids U+0000, so
 * those, and `%` (the escape itself), are percent-encoded as `%XX` (two upper-case hex digits);
 * everything else passes unchanged, so ordinary ids stay readable. A topic root may not use
 * `+`, `#`, U+0000, an empty level, or start with `$` (§4.7.2: topics of the broker itself).
 *
 * Platform-free: no Node, no Moddable (it runs in XS on the device).
 */

/** Limits on one id used as a topic level. */
export const TOPIC_LEVEL_LIMITS = {
  /** Longest id in characters before encoding (device ids are 1…32, `firmware/core/config.ts`). */
  maxChars: 64,
} as const;

const RESERVED = /[%/+#\u0000]/g;

/**
 * Turns an id (post, caller, radio address) into one valid topic level.
 * @param field what the id is, for the error message (e.g. "post").
 * @returns the id with `%`, `/`, `+`, `#` and U+0000 percent-encoded (`/` → `%2F`).
 * @throws TypeError if `id` is not a string; RangeError if empty or longer than 64 characters.
 */
export function topicLevel(field: string, id: string): string {
  if (typeof id !== "string") throw new TypeError(`${field} must be a string`);
  if (id.length < 1 || id.length > TOPIC_LEVEL_LIMITS.maxChars) {
    throw new RangeError(`${field} must be 1…${TOPIC_LEVEL_LIMITS.maxChars} characters, got ${id.length}`);
  }
  return id.replace(RESERVED, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
}

/**
 * Reverses `topicLevel`.
 * @returns the id, or undefined when `level` is not something `topicLevel` produces (a reserved
 *   character left bare, a `%` not followed by the code of a reserved character, too long).
 */
export function idFromTopicLevel(level: string): string | undefined {
  if (level.length === 0 || /[/+#\u0000]/.test(level)) return undefined;
  let bad = false;
  const id = level.replace(/%([0-9A-F]{2})|%/g, (whole, hex: string | undefined) => {
    const c = hex === undefined ? "" : String.fromCharCode(parseInt(hex, 16));
    if (c === "" || !/[%/+#\u0000]/.test(c)) bad = true;
    return c || whole;
  });
  return bad || id.length > TOPIC_LEVEL_LIMITS.maxChars ? undefined : id;
}

/**
 * Whether `root` may begin every topic: levels separated by `/`, none empty, none with `+`,
 * `#` or U+0000, and not starting with `$`.
 */
export function isTopicRoot(root: unknown): root is string {
  return typeof root === "string" && root.length > 0 && root.charAt(0) !== "$" && !root.split("/").some((l) => l.length === 0 || /[+#\u0000]/.test(l));
}
