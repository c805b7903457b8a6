/**
 * A condition a test awaits: `notify()` after every change of the state it looks at, and
 * `until(check, timeoutMs, what)` resolves once `check()` holds, or rejects after the bound.
 */
export class Condition {
  readonly #waiters = new Set<() => void>();

  /** Re-checks every pending `until`. */
  notify(): void {
    for (const check of [...this.#waiters]) check();
  }

  /**
   * Resolves once `check()` holds (now or after a `notify`), or rejects after `timeoutMs` naming
   * `what`, followed by `detail()` (what the state looked like) when given.
   */
  until(check: () => boolean, timeoutMs: number, what: string, detail?: () => string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const test = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#waiters.delete(test);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(test);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? detail() : ""}`));
      }, timeoutMs);
      this.#waiters.add(test);
    });
  }
}
