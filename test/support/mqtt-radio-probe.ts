/**
 * Wraps a `MqttRadio` for tests: records what its handlers report and lets a test await a
 * condition over it, always with a bound.
 */
import { MqttRadio, type MqttRadioOptions } from "../../tools/mqtt/radio.ts";
import { Condition } from "./condition.ts";

export interface ProbeEvent {
  kind: "receive" | "sent" | "connection";
  payload?: Uint8Array;
  from?: string;
  ok?: boolean;
  /** `performance.now()` when reported, ms. */
  at: number;
}

/** See the file comment. */
export class RadioProbe {
  readonly events: ProbeEvent[] = [];
  readonly radio: MqttRadio;
  /** Set by a test to act inside `onSent` (e.g. check `busy` there). */
  onSent?: (ok: boolean) => void;
  readonly #changed = new Condition();

  constructor(options: MqttRadioOptions) {
    this.radio = new MqttRadio({
      reconnectMinMs: 20,
      reconnectMaxMs: 200,
      ...options,
      onConnectionChange: (connected) => this.#push({ kind: "connection", ok: connected, at: performance.now() }),
      handlers: {
        onReceive: (payload, from) => this.#push({ kind: "receive", payload, from, at: performance.now() }),
        onSent: (ok) => {
          this.onSent?.(ok);
          this.#push({ kind: "sent", ok, at: performance.now() });
        },
      },
    });
  }

  get received(): ProbeEvent[] {
    return this.events.filter((e) => e.kind === "receive");
  }

  get sent(): ProbeEvent[] {
    return this.events.filter((e) => e.kind === "sent");
  }

  /** Number of times the connection came up. */
  get connects(): number {
    return this.events.filter((e) => e.kind === "connection" && e.ok).length;
  }

  #push(event: ProbeEvent): void {
    this.events.push(event);
    this.#changed.notify();
  }

  /** Resolves once `condition()` holds, or rejects after `timeoutMs` naming `what`. */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.#changed.until(condition, timeoutMs, what, () => ` (${this.radio.address}: ${this.events.length} events)`);
  }

  /** Resolves once the radio has connected `n` times in all. */
  connected(n = 1, timeoutMs = 10_000): Promise<void> {
    return this.until(() => this.connects >= n, timeoutMs, `connection #${n}`);
  }

  close(): Promise<void> {
    return this.radio.closeAsync();
  }
}
