/**
 * What an officer's SMS reply asks: `OK 17` takes alarm 17 (issue 14). Case, spaces and a
 * trailing full stop do not matter (`ok17`, `Ok 17.`); Vietnamese `NHẬN 17` works as well. A
 * bare `OK` (no number) takes every alarm named in the SMS that number got (field finding 2;
 * `escalation.ts` decides what). Anything else is not understood: an SMS can only take the
 * alarm it names, never change a setting or silence anything else.
 */

/** A reply that takes alarms: `n` the alarm number it names, absent for a bare `OK`. */
export interface Reply {
  n?: number;
}

/** The reply `text` makes, or undefined when it is not such a reply. */
export function parseReply(text: string): Reply | undefined {
  const m = /^\s*(?:ok|nhận|nhan)(?:\s*#?\s*([0-9]{1,6}))?\s*[.!]?\s*$/i.exec(text);
  if (!m) return undefined;
  return m[1] === undefined ? {} : { n: Number(m[1]) };
}
