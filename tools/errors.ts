/**
 * Errors the host tools raise on purpose, each with a stable id (`docs/errors.md`) and the
 * `bell` exit status it maps to (ARCHITECTURE §5: 1 job failed, 2 bad usage or bad input).
 */

/** Bad usage or bad input (a malformed trace, an invalid scenario, a missing port): exit 2. */
export class UsageError extends Error {
  override get name() {
    return "UsageError";
  }
  /**
   * @param id stable error id, e.g. "E_TRACE_PARSE"; listed in docs/errors.md.
   * @param message what is wrong and where (file, line, JSON path), and what to do.
   */
  constructor(readonly id: string, message: string) {
    super(message);
  }
}

/**
 * A deployment whose settings do not fit together (the post's `offline_after_ms` against a
 * caller's `heartbeat_ms`, `firmware/core/supervision/deployment-check.ts`), refused by
 * `bell sim` and `bell provision`: exit 2.
 */
export const E_DEPLOYMENT = "E_DEPLOYMENT";

/** The job itself failed (a flash that did not verify, a broker that never answered): exit 1. */
export class JobError extends Error {
  override get name() {
    return "JobError";
  }
  constructor(readonly id: string, message: string) {
    super(message);
  }
}

/** The exit status for an error thrown by a command: 2 for UsageError, else 1. */
export function exitCodeOf(err: unknown): 1 | 2 {
  return err instanceof UsageError ? 2 : 1;
}
