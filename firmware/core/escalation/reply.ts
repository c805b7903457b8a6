/**
 * What an officer's SMS reply asks: `OK 17` takes alarm 17 (issue 14). The grammar is strict on
 * purpose, since a false take silences the siren and tells the caller help is coming (field
 * finding 4; documented for officers in docs/deploying.md §8):
 *
 *     reply   = word [sep] ["vụ"] ["#"] [number] [courtesy] ["." | "!"]
 *     word    = "OK" | "NHẬN"            (any case; also "nhan")
 *     sep     = "," | ":"
 *     number  = 1…6 digits
 *     courtesy = "nhé" | "nhe" | "nha" | "ạ" (one, at the end)
 *
 * with spaces anywhere between parts. Vietnamese letters may come precomposed or decomposed
 * (phones differ): combining marks are dropped before matching, so `nhé` and `nhe` + U+0301
 * read the same (no `String.prototype.normalize`: XS). Anything else is not a reply: `1`
 * (the key is for calls), `OK 1 đang đến` (free text could as well say "cannot come"). A reply
 * with no number (`OK`, `OK nhé`) takes every alarm named to that number (`escalation.ts`).
 * An SMS can only take the alarm it names, never change a setting or silence anything else.
 */

/** A reply that takes alarms: `n` the alarm number it names, absent for a bare `OK`. */
export interface Reply {
  n?: number;
}

const REPLY = /^\s*(?:ok|nhận|nhan)\s*[,:]?\s*(?:(?:vụ|vu)\s*)?#?\s*([0-9]{1,6})?\s*(?:nhé|nhe|nha|ạ|a)?\s*[.!]?\s*$/i;

/** The reply `text` makes, or undefined when it is not such a reply. */
export function parseReply(text: string): Reply | undefined {
  const m = REPLY.exec(text.replace(/[\u0300-\u036f]/g, ""));
  if (!m) return undefined;
  // "OK vụ" with no number names nothing: not a reply
  if (m[1] === undefined && /v[uụ]/i.test(text.replace(/^\s*(?:ok|nhận|nhan)/i, ""))) return undefined;
  return m[1] === undefined ? {} : { n: Number(m[1]) };
}
