/**
 * A scripted radio for transmit-queue tests, on a `VirtualLoop`: like ESP-NOW it refuses a send
 * while one is outstanding, and reports each send-done as the script says: `ok`/`fail` after a
 * delay, `never`, or `throw` at once. After `abandon` it drops the send's late callback unless
 * `honoursAbandon` is false (a radio whose late callback still comes through).
 */
import type { Ticks } from "../../../firmware/core/ticks.ts";
import type { VirtualLoop } from "./virtual-loop.ts";

export type SendDone = { result: "ok" | "fail"; afterMs: number } | { result: "never" } | { result: "throw" };

export class FakeRadio {
  readonly sends: { at: number; to: string; bytes: Uint8Array }[] = [];
  /** Times a send was attempted while another was outstanding (must stay 0). */
  overlaps = 0;
  honoursAbandon = true;
  #busy = false;
  #generation = 0;
  readonly #loop: VirtualLoop;
  readonly #script: SendDone[];
  readonly #onSent: (ok: boolean, now: Ticks) => void;

  constructor(loop: VirtualLoop, script: SendDone[], onSent: (ok: boolean, now: Ticks) => void) {
    this.#loop = loop;
    this.#script = script;
    this.#onSent = onSent;
  }

  get busy(): boolean {
    return this.#busy;
  }

  send(to: string, bytes: Uint8Array): void {
    if (this.#busy) {
      this.overlaps++;
      throw new Error("radio busy");
    }
    const step = this.#script.shift() ?? { result: "ok", afterMs: 1 };
    if (step.result === "throw") throw new RangeError("payload too long");
    this.sends.push({ at: this.#loop.elapsedMs, to, bytes });
    this.#busy = true;
    const generation = ++this.#generation;
    if (step.result === "never") return;
    this.#loop.after(step.afterMs, (now) => {
      const abandoned = generation !== this.#generation || !this.#busy;
      if (abandoned && this.honoursAbandon) return;
      if (!abandoned) this.#busy = false;
      this.#onSent(step.result === "ok", now);
    });
  }

  abandon(): void {
    this.#busy = false;
    this.#generation++;
  }
}
