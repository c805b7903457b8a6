/**
 * Words for what the operating system reports (issue 16): `cannot read: ENOENT` becomes
 * `cannot read: no such file or folder`. The words come from the message catalogue
 * (`system.<code>`), in the tools' language.
 */
import { hasMessage } from "../firmware/core/messages/index.ts";
import { say } from "./lang.ts";
import { errorText } from "../firmware/core/error-text.ts";

/**
 * Plain words for a failed system call.
 * @param err what `fs`, `net` or `dns` threw (an `Error` with `code`), or anything else.
 * @param doing `"write"` when the failure came from writing a file: ENOENT then says that the
 *   folder is missing, which is what it means there.
 * @returns words without the errno code, e.g. "no such file or folder"; for a code the catalogue
 *   does not know, "system error: " and the system's own message.
 */
export function systemErrorWords(err: unknown, doing: "read" | "write" = "read"): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") {
    if (doing === "write" && code === "ENOENT") return say("system.ENOENT.write");
    const id = `system.${code}`;
    if (hasMessage(id)) return say(id);
  }
  const detail = errorText(err);
  return say("system.other", { detail });
}
