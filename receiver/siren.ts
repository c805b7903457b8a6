import type { Scheduler } from "../firmware/hal/clock.ts";
import type { DigitalOutput } from "../firmware/hal/digital.ts";
import type { EventSink } from "../firmware/hal/events.ts";
import type { SirenChoice } from "../firmware/core/policy/receiver.ts";
import { CadencePlayer, steady, type Cadence } from "../firmware/stack/cadence.ts";

/**
 * Siren patterns (a relay or MOSFET drives the siren: 1 = sounding).
 *
 * | pattern | sound | when |
 * |---|---|---|
 * | `alarm` | 1.5 s on, 0.5 s off, repeating | an incident no officer has acknowledged |
 * | `fault` | 0.15 s chirp every 15 s | a caller is offline or its button stuck, and no officer has acknowledged the fault |
 * | `test` | 1 s on, once | the console's siren test |
 * | `quiet` | off | otherwise, and at boot until the app decides |
 *
 * The alarm cadence is interrupted so it is told apart from a fault chirp and from other
 * sirens nearby; the fault chirp is short so it is never taken for an alarm.
 */
export const SIREN_PATTERNS = {
  quiet: steady(0),
  alarm: { steps: [[1, 1500], [0, 500]], repeat: true, rest: 0 },
  fault: { steps: [[1, 150], [0, 14_850]], repeat: true, rest: 0 },
  test: { steps: [[1, 1000]], repeat: false, rest: 0 },
} as const satisfies Record<SirenChoice, Cadence>;

export type SirenPattern = keyof typeof SIREN_PATTERNS;

/**
 * The siren output: plays one pattern and reports each change of pattern as a `siren` event
 * (`{on, pattern}`; ARCHITECTURE §3). The output is driven low when the siren is opened.
 */
export class Siren {
  readonly #player: CadencePlayer;
  readonly #events: EventSink;
  #pattern: SirenPattern = "quiet";

  constructor(out: DigitalOutput, scheduler: Scheduler, events: EventSink) {
    out.write(0);
    this.#player = new CadencePlayer(out, scheduler);
    this.#events = events;
  }

  /** The pattern playing now. */
  get pattern(): SirenPattern {
    return this.#pattern;
  }

  /** Plays `pattern` (no event if it is already playing). */
  play(pattern: SirenPattern): void {
    if (pattern === this.#pattern && pattern !== "test") return;
    this.#pattern = pattern;
    this.#player.play(SIREN_PATTERNS[pattern]);
    this.#events.emit("siren", { on: pattern !== "quiet", pattern });
  }

  /** Silences the siren for good (power off). */
  stop(): void {
    this.#player.stop(0);
  }
}
