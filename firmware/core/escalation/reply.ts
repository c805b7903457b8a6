/**
 * What an officer's SMS reply asks: `OK 17` takes alarm 17 (issue 14). Case, spaces and a
 * trailing full stop do not matter (`ok17`, `Ok 17.`); Vietnamese `NHẬN 17` works as well.
 * Anything else is not understood: an SMS can only take the alarm it names, never change a
 * setting or silence anything else.
 */

/** The alarm number a reply takes, or undefined when the text is not such a reply. */
export function takenNumber(text: string): number | undefined {
  const m = /^\s*(?:ok|nhận|nhan)\s*#?\s*([0-9]{1,6})\s*[.!]?\s*$/i.exec(text);
  return m ? Number(m[1]) : undefined;
}
