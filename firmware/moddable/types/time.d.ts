/**
 * Moddable `time` (`modules/base/time`, `documentation/base/base.md` §Time).
 */
declare module "time" {
  const Time: {
    /** Sets the wall clock, seconds since 1970. */
    set(seconds: number): void;
    /** Time zone offset in seconds. */
    timezone: number;
    /** Daylight saving offset in seconds. */
    dst: number;
    /** Millisecond tick counter; on microcontrollers a signed 32-bit integer that wraps. */
    readonly ticks: number;
    /** Wrap-safe `end − start` in ms (`end` defaults to now). */
    delta(start: number, end?: number): number;
  };
  export default Time;
}
