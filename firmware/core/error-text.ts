/**
 * The words of a thrown value, for an event field or a message: what every `catch` that reports
 * an error (a `store_error` event, a console reply, a CLI message) shows of it.
 *
 * Platform-free: no Node, no Moddable (it runs in XS on the device).
 */

/**
 * @returns `err.message` for an `Error` (no stack, no class name: the message names the field
 *   and the rule), else `String(err)` (a thrown string or number as it is).
 */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
