/**
 * Messages in the reader's language (issue 16): `message(lang, id, params)` renders an entry of
 * `MESSAGES` (`./catalogue.ts`). Platform-free: it imports nothing, uses no `Intl` and no
 * `String.prototype.normalize`, so the host tools, the simulator and the firmware (the receiver's
 * screen and SMS) share one catalogue without breaking the import order (STYLE rule 18).
 */
import { MESSAGES, type MessageId } from "./catalogue.ts";

export { MESSAGES, type MessageId };

/** The languages of the catalogue: Vietnamese, English. */
export const LANGUAGES = ["vi", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Parameters of a message: `{name}` in a template becomes `String(params.name)`. */
export type MessageParams = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/g;

/**
 * The text of message `id` in `lang`, with each `{name}` replaced by `params.name`. A
 * placeholder without a parameter becomes `?` (never an exception: a message must not take a
 * report down with it).
 * @throws RangeError for an id not in the catalogue (a programmer error).
 */
export function message(lang: Lang, id: MessageId, params: MessageParams = {}): string {
  const entry = (MESSAGES as Record<string, { vi: string; en: string } | undefined>)[id];
  if (entry === undefined) throw new RangeError(`message id "${id}" is not in the catalogue`);
  return entry[lang].replace(PLACEHOLDER, (_all, name: string) => {
    const v = params[name];
    return v === undefined ? "?" : typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
  });
}

/** Whether `id` is a message id of the catalogue (e.g. `timeline.<event>` for an event name). */
export function hasMessage(id: string): id is MessageId {
  return Object.prototype.hasOwnProperty.call(MESSAGES, id);
}

/** The names of the parameters a template uses, in order of first appearance. */
export function placeholders(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/**
 * The language a POSIX locale value names: `vi` for `vi`, `vi_VN`, `vi_VN.UTF-8`; `en` for
 * `en…`; undefined for anything else (`C`, `POSIX`, empty, other languages).
 */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  if (locale === undefined) return undefined;
  const m = /^([a-z]{2})(?:[_.@-]|$)/i.exec(locale.trim());
  if (!m) return undefined;
  const code = m[1].toLowerCase();
  return code === "vi" ? "vi" : code === "en" ? "en" : undefined;
}

/**
 * The language from a process environment, in POSIX precedence: `LC_ALL`, then `LC_MESSAGES`,
 * then `LANG` (the first one set and non-empty decides). A locale naming neither language, or no
 * locale at all (`C`, a bare container), gives `fallback`.
 * @param env the environment variables (the caller passes `process.env`; core never reads it).
 */
export function langFromEnvironment(env: Readonly<Record<string, string | undefined>>, fallback: Lang): Lang {
  for (const key of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
    const v = env[key];
    if (v !== undefined && v !== "") return langOfLocale(v) ?? fallback;
  }
  return fallback;
}
