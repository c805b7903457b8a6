/**
 * The language of the `bell` tools' words for people (issue 16): `--lang vi|en` on the command
 * line, else `BELL_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `vi` →
 * Vietnamese, `en` → English), else English. English is the fallback only for a machine whose
 * locale names no language (`C`, `POSIX`, a bare container): a post's computer set up in
 * Vietnamese gets Vietnamese without asking, and `--lang vi` or `BELL_LANG=vi` fixes it for
 * the rest. The catalogue itself is `firmware/core/messages/`.
 *
 * This is the one process-wide setting of the command line (like `process.env`, which it reads):
 * `main` in `tools/bin/cli.ts` sets it once, before any command runs, so that errors raised deep in
 * a command speak the same language as its output.
 */
import { LANGUAGES, langFromEnvironment, message, type Lang, type MessageId, type MessageParams } from "../firmware/core/messages/index.ts";

let chosen: Lang | undefined;

/** The language from the environment: `BELL_LANG` first, then the POSIX locale variables. */
export function languageFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): Lang {
  const own = env.BELL_LANG?.trim().toLowerCase();
  if (own === "vi" || own === "en") return own;
  return langFromEnvironment(env, "en");
}

/**
 * Sets the tools' language (from `--lang`).
 * @throws RangeError naming the choices when `lang` is neither `vi` nor `en`.
 */
export function setLanguage(lang: string): void {
  if (!(LANGUAGES as readonly string[]).includes(lang)) throw new RangeError(`--lang: expected ${LANGUAGES.join(" or ")}, got "${lang}"`);
  chosen = lang as Lang;
}

/** The tools' language: the one set by `--lang`, else the environment's. */
export function language(): Lang {
  return chosen ?? languageFromEnvironment();
}

/** `message()` in the tools' language. */
export function say(id: MessageId, params?: MessageParams): string {
  return message(language(), id, params);
}
