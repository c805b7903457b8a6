/**
 * Debouncing: one interface (`Debouncer`), one algorithm per file, a factory that picks one by
 * name. See README.md for the axis (`defer` | `eager` | `integrate`) and what each guarantees.
 */
import { DeferDebouncer } from "./defer.ts";
import { EagerDebouncer } from "./eager.ts";
import { IntegrateDebouncer } from "./integrate.ts";
import { checkDebouncerOptions, type Debouncer, type DebouncerOptions } from "./types.ts";

export { DeferDebouncer } from "./defer.ts";
export { EagerDebouncer } from "./eager.ts";
export { IntegrateDebouncer } from "./integrate.ts";
export {
  DEBOUNCE_DEFAULTS,
  DEBOUNCE_STRATEGIES,
  DEBOUNCE_WINDOW_LIMITS,
  checkDebouncerOptions,
  type Debouncer,
  type DebounceOptions,
  type DebouncerOptions,
  type DebounceStrategy,
  type Level,
} from "./types.ts";

/**
 * Makes a debouncer of the strategy named in `options`.
 * @param options `strategy` ("defer" | "eager" | "integrate", default "defer"), `windowMs` (ms, integer
 *   1…1000, default 30), `initial` (raw level now, default 1: an idle active-low button).
 * @throws RangeError naming the bad field; TypeError for a non-numeric `windowMs`.
 */
export function createDebouncer(options?: Partial<DebouncerOptions>): Debouncer {
  const checked = checkDebouncerOptions(options);
  switch (checked.strategy) {
    case "eager":
      return new EagerDebouncer(checked);
    case "integrate":
      return new IntegrateDebouncer(checked);
    default:
      return new DeferDebouncer(checked);
  }
}
