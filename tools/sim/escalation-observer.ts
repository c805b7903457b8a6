/**
 * Escalation in the simulator (issue 14), until the receiver app wires it itself: a sim-side
 * observer that runs the firmware's `PostEscalation` (the core policy, the AT modem driver) for
 * the scenario's `lte.device`, fed from that receiver's emitted event stream, talking over a
 * simulated UART to the modem model (`modem.ts`) in front of the phone network
 * (`phone-network.ts`). Its events are the receiver's (device = `lte.device`); the phones'
 * events carry the phone's number as device.
 *
 * Limits of an observer: an alarm taken by SMS or DTMF is not acknowledged at the receiver (the
 * siren goes on until someone at the post acknowledges) — that needs the receiver to call
 * `PostEscalation` and act on `onTaken` (see docs/architecture.md §7); and the modem keeps
 * power when the receiver's is cut.
 */
import type { EventFields } from "../../firmware/hal/events.ts";
import { PostEscalation } from "../../firmware/stack/post-escalation.ts";
import type { EventQueue } from "./clock.ts";
import type { ScenarioLte } from "./lte-scenario.ts";
import { SimModem } from "./modem.ts";
import { PhoneNetwork } from "./phone-network.ts";

/** Options of `EscalationObserver`. */
export interface EscalationObserverOptions {
  lte: ScenarioLte;
  queue: EventQueue;
  /** The receiver's place name, as the SMS names the post. */
  postName: string;
  /** Reports an event (the engine stamps `t`). */
  emit(device: string, event: string, fields: EventFields): void;
  /** Unix seconds at t = 0 (scenario `wall_clock_start_s`), for the SMS's "at HH:MM". */
  wallClockStartS?: number;
}

/** The receiver events the escalation listens to. */
const FED = new Set(["incident_opened", "incident_acknowledged", "incident_resolved", "caller_offline", "caller_online", "caller_button_stuck", "caller_button_released"]);

/** The observer: network, modem, and the firmware's escalation. */
export class EscalationObserver {
  readonly device: string;
  readonly network: PhoneNetwork;
  readonly modem: SimModem;
  private readonly escalation: PostEscalation;

  constructor(o: EscalationObserverOptions) {
    this.device = o.lte.device;
    const q = o.queue;
    this.network = new PhoneNetwork({ queue: q, emit: o.emit });
    for (const p of o.lte.phones) this.network.describe(p.phone, p.behaviour);
    this.modem = new SimModem({ queue: q, network: this.network, vendor: o.lte.vendor, number: o.lte.number, state: o.lte.modem, wallClockStartS: o.wallClockStartS });
    const start = o.wallClockStartS;
    this.escalation = new PostEscalation({
      clock: { now: () => Math.floor(q.nowUs / 1000) >>> 0 },
      scheduler: {
        schedule: (cb, delayMs) => {
          if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new RangeError(`delayMs must be ≥ 0, got ${delayMs}`);
          return q.after(Math.round(delayMs) * 1000, cb);
        },
        cancel: (h) => q.cancel(h as ReturnType<EventQueue["after"]> | undefined),
      },
      events: { emit: (event, fields = {}) => o.emit(this.device, event, fields) },
      openSerial: (handlers) => this.modem.open(handlers),
      settings: o.lte.escalation,
      postName: o.postName,
      vendor: o.lte.vendor,
      clockText:
        start === undefined
          ? undefined
          : () => {
              // Vietnam is UTC+7 all year
              const s = (start + Math.floor(q.nowUs / 1e6) + 7 * 3600) % 86400;
              return `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}`;
            },
    });
  }

  /** Sees one event of the stream; feeds the escalation those of its receiver. */
  observe(device: string | undefined, event: string, fields: EventFields): void {
    if (device === this.device && FED.has(event)) this.escalation.receiverEvent(event, fields);
  }
}
