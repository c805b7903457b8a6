/**
 * Whether an LTE module answers on the modem UART of a post that has no duty list (field finding
 * 2 of "the post cannot escalate", test/field/escalation-off/README.md). The standard board
 * (manifests/boards/devkit.json) maps the modem UART whether or not a module is fitted, so the
 * UART alone says nothing: only an answer to `AT` (ITU-T V.250 §6.3: a bare `AT` answers `OK`)
 * shows a module is there. The post's policy decides what that means
 * (`ReceiverPolicy.modemAnswered`: a module fitted and nobody to call is the `no_duty_list` fault).
 *
 * Sends `AT` at once (timeout `MODEM_TIMEOUTS.simple`, 9 s), and while nothing answers again 10 s
 * after each timeout, the wait doubling up to 300 s (as `Modem` re-checks a module that stopped
 * answering: an LTE module takes some 10–20 s after power-up before it answers AT, and one may be
 * fitted later); stops at the first answer (`OK`, or `ERROR`: a module that answers at all) and
 * calls `onAnswer` once. Each `AT` that times out is told to `onUnanswered` (the post's policy
 * decides when silence means "no module": `ReceiverPolicy.modemUnanswered`, field finding 8); a
 * module that never answers is never a fault: it is not fitted, and a post without a duty list
 * does not need one.
 */
import type { Clock, Scheduler } from "../../hal/clock.ts";
import type { OpenSerial } from "../../hal/serial.ts";
import { type Ticks, ticksAdd, ticksReached } from "../../core/ticks.ts";
import { DeadlineTimer } from "../deadline-timer.ts";
import { AtDriver } from "./at-driver.ts";
import { MODEM_TIMEOUTS } from "./modem.ts";

/** First wait after an unanswered `AT`, ms; it doubles up to `PROBE_RETRY_MAX_MS` (the same as `Modem`'s re-check). */
export const PROBE_RETRY_MS = 10_000;
/** The longest wait between two `AT`, ms. */
export const PROBE_RETRY_MAX_MS = 300_000;

/** Options of `ModemProbe`. */
export interface ModemProbeOptions {
  clock: Clock;
  scheduler: Scheduler;
  /** The board's modem UART (`DeviceHal.openModemSerial`). */
  openSerial: OpenSerial;
  /** Called once, when a module first answers. */
  onAnswer(): void;
  /** Called after each `AT` that timed out unanswered (before the next is asked). */
  onUnanswered?(): void;
}

/** Asks the modem UART `AT` until something answers (see the file's comment). */
export class ModemProbe {
  private readonly at: AtDriver;
  private readonly timer: DeadlineTimer;
  private nextAt: Ticks | undefined;
  private retryMs = PROBE_RETRY_MS;
  private answered = false;

  constructor(private readonly o: ModemProbeOptions) {
    const serial = o.openSerial({
      onReceive: (bytes) => {
        if (this.answered) return;
        this.at.receive(o.clock.now(), bytes);
        this.timer.rearm();
      },
    });
    this.at = new AtDriver({ write: (bytes) => serial.write(bytes), onUrc: () => {} });
    this.timer = new DeadlineTimer({
      clock: o.clock,
      scheduler: o.scheduler,
      nextDeadline: () => (this.answered ? undefined : earliest(this.at.deadline(), this.nextAt)),
      onDue: (now) => {
        this.at.poll(now);
        if (this.nextAt !== undefined && ticksReached(now, this.nextAt)) this.ask(now);
      },
    });
    this.ask(o.clock.now());
    this.timer.rearm();
  }

  /** Stops asking (the app is stopping). */
  stop(): void {
    this.answered = true;
    this.timer.stop();
  }

  private ask(now: Ticks): void {
    this.nextAt = undefined;
    this.at.send(now, {
      line: "AT",
      timeoutMs: MODEM_TIMEOUTS.simple,
      done: (r) => {
        if (this.answered) return;
        if (r.ok || r.failure !== "timeout") {
          this.answered = true;
          this.timer.stop();
          this.o.onAnswer();
          return;
        }
        this.nextAt = ticksAdd(this.o.clock.now(), this.retryMs);
        this.retryMs = Math.min(PROBE_RETRY_MAX_MS, this.retryMs * 2);
        this.o.onUnanswered?.();
      },
    });
  }
}

function earliest(a: Ticks | undefined, b: Ticks | undefined): Ticks | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return ((a - b) | 0) <= 0 ? a : b;
}
