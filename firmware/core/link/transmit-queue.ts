/**
 * The transmit queue: one send outstanding per radio.
 *
 * ESP-NOW wants the next frame sent only after the previous send callback has come back
 * (`esp_now.rst`), and that callback may come late, or never: it stopped firing at a 50 ms send
 * period in espressif/esp-idf issue #7496 (alarm-field-facts §3.1, §4). So this queue holds sealed
 * byte frames, starts one, and waits for `onSent(ok)` *or* a send-done timeout, whichever comes
 * first, then starts the next. A send that times out is abandoned (`Radio.abandon`, after which
 * the radio ignores its late callback; one that still reaches `sent` while nothing is
 * outstanding is ignored here too); a send that throws is reported and skipped. Nothing can wedge the queue.
 *
 * `onSent(true)` is only a MAC-level ack: it comes back even when the peer's application dropped
 * the frame (MicroPython `espnow.rst`: "Dropped packets will still be acknowledged"). The queue
 * therefore never tells the link that anything was delivered; only the peer's app-level ack does
 * (`link.ts`). The outcomes it reports are for logs and statistics.
 *
 * Frames leave in priority order (`TRANSMIT_PRIORITY`: an alarm first, then acks), first in
 * first out within a priority. When the queue is full, a new frame of better priority pushes
 * out the newest frame of the worst priority; otherwise the new frame is refused. A frame lost
 * this way is like a frame lost in the air: the link retransmits it.
 */
import type { MessageKindName } from "../frame/types.ts";
import { type Ticks, ticksAdd, ticksReached } from "../ticks.ts";

/** What became of one queued frame. */
export type SendOutcome =
  /** The radio reported a MAC-level ack (not proof of delivery). */
  | "sent"
  /** The radio reported a MAC-level failure. */
  | "failed"
  /** No send-done within `sendDoneTimeoutMs`; the send was abandoned. */
  | "timeout"
  /** `radio.send` threw (e.g. a payload over the radio's `maxPayload`). */
  | "error"
  /** Pushed out of a full queue, or refused by it, before it was sent. */
  | "dropped";

/**
 * Options of a `TransmitQueue`. `send` and `abandon` are the radio's (hal `Radio`); the queue
 * must be the radio's only sender, and the radio's `onSent(ok)` must be forwarded to `sent`.
 */
export interface TransmitQueueOptions {
  /**
   * Starts sending one frame (hal `Radio.send`). May throw (e.g. RangeError for a payload over
   * the radio's `maxPayload`): the frame is then reported as "error" and skipped.
   */
  send(to: string, bytes: Uint8Array): void;
  /** Abandons the outstanding send so that its late send-done is ignored (hal `Radio.abandon`). */
  abandon(): void;
  /**
   * How long to wait for the radio's send-done before abandoning the send, ms, integer
   * 1 … 60000. Default `TRANSMIT_QUEUE_DEFAULTS.sendDoneTimeoutMs`.
   */
  sendDoneTimeoutMs?: number;
  /** Frames held waiting (besides the one outstanding), integer 1 … 1024. Default 32. */
  capacity?: number;
  /**
   * Reports each frame's outcome, in the order they happen; the next frame starts after the
   * callback returns. May enqueue.
   */
  onSendDone?(to: string, outcome: SendOutcome, info: { priority: number; at: Ticks }): void;
}

/**
 * Defaults of `TransmitQueueOptions`.
 * - send-done timeout 100 ms: an ESP-NOW send takes ~1.3 ms, sometimes ~3 ms, and over 10 ms
 *   under heavy 2.4 GHz interference (alarm-field-facts §3.1, "Measured performance"); 100 ms is
 *   far past that, and short next to the link's 100 ms … 3 s retransmission waits.
 * - capacity 32: the esp-now component's queue size (`ESPNOW_INIT_CONFIG_DEFAULT`).
 */
export const TRANSMIT_QUEUE_DEFAULTS = {
  sendDoneTimeoutMs: 100,
  capacity: 32,
} as const;

/**
 * Priority of a frame by the kind of its payload; lower leaves first. An alarm never waits
 * behind anything; acks come next because a late ack costs the peer a retransmission;
 * heartbeats last.
 */
export const TRANSMIT_PRIORITY = {
  alarm: 0,
  ack: 1,
  operator_ack: 2,
  resolved: 2,
  heartbeat: 3,
} as const satisfies Record<MessageKindName, number>;

const LIMITS = { sendDoneTimeoutMs: 60_000, capacity: 1024 } as const;

interface Queued {
  to: string;
  bytes: Uint8Array;
  priority: number;
}

/**
 * Serialises sealed frames onto one radio. Passive: call `poll(now)` at `nextDeadline()`, and
 * forward the radio's `onSent(ok)` to `sent(ok, now)`.
 */
export class TransmitQueue {
  readonly #send: TransmitQueueOptions["send"];
  readonly #abandon: TransmitQueueOptions["abandon"];
  readonly #timeoutMs: number;
  readonly #capacity: number;
  readonly #onSendDone: TransmitQueueOptions["onSendDone"];
  readonly #waiting: Queued[] = [];
  #outstanding: Queued | undefined;
  /** The outstanding send's send-done deadline (meaningful while `#outstanding` is set). */
  #deadline: Ticks = 0;

  /**
   * @throws TypeError when `send` or `abandon` is not a function; RangeError naming
   *   `sendDoneTimeoutMs` or `capacity` when out of range.
   */
  constructor(options: TransmitQueueOptions) {
    const o = {
      send: options.send,
      abandon: options.abandon,
      sendDoneTimeoutMs: options.sendDoneTimeoutMs ?? TRANSMIT_QUEUE_DEFAULTS.sendDoneTimeoutMs,
      capacity: options.capacity ?? TRANSMIT_QUEUE_DEFAULTS.capacity,
    };
    if (typeof o.send !== "function") throw new TypeError("send must be a function (the radio's send)");
    if (typeof o.abandon !== "function") throw new TypeError("abandon must be a function (the radio's abandon)");
    if (!Number.isInteger(o.sendDoneTimeoutMs) || o.sendDoneTimeoutMs < 1 || o.sendDoneTimeoutMs > LIMITS.sendDoneTimeoutMs) {
      throw new RangeError(`sendDoneTimeoutMs must be an integer 1…${LIMITS.sendDoneTimeoutMs} ms, got ${o.sendDoneTimeoutMs}`);
    }
    if (!Number.isInteger(o.capacity) || o.capacity < 1 || o.capacity > LIMITS.capacity) {
      throw new RangeError(`capacity must be an integer 1…${LIMITS.capacity}, got ${o.capacity}`);
    }
    this.#send = o.send;
    this.#abandon = o.abandon;
    this.#timeoutMs = o.sendDoneTimeoutMs;
    this.#capacity = o.capacity;
    this.#onSendDone = options.onSendDone;
  }

  /**
   * Queues one sealed frame, and starts it at once when the radio is free.
   * The queue keeps a reference to `bytes` until sent: do not modify them.
   * @param to the peer's radio address.
   * @param bytes the sealed frame.
   * @param now the current tick.
   * @param priority lower leaves first: `TRANSMIT_PRIORITY[payload.kind]`; integer ≥ 0.
   *   Default 0 (all frames equal: first in, first out).
   * @returns false when the frame was refused because the queue is full of frames of equal or
   *   better priority (reported as "dropped").
   * @throws RangeError for a priority that is not a non-negative integer.
   */
  enqueue(to: string, bytes: Uint8Array, now: Ticks, priority = 0): boolean {
    if (!Number.isInteger(priority) || priority < 0) {
      throw new RangeError(`priority must be a non-negative integer, got ${priority}`);
    }
    const item: Queued = { to, bytes, priority };
    if (this.#outstanding === undefined && this.#waiting.length === 0) {
      // The radio is idle and nothing waits: start the frame at once, as `#pump` would, without
      // passing it through the waiting list (a push and a shift per frame in the simulator).
      this.#start(item, now);
      return true;
    }
    let evicted: Queued | undefined;
    if (this.#waiting.length >= this.#capacity) {
      const last = this.#waiting[this.#waiting.length - 1]!;
      if (last.priority <= priority) {
        this.#onSendDone?.(to, "dropped", { priority, at: now });
        return false;
      }
      evicted = this.#waiting.pop();
    }
    let i = this.#waiting.length;
    while (i > 0 && this.#waiting[i - 1]!.priority > priority) i--;
    if (i === this.#waiting.length) this.#waiting.push(item);
    else this.#waiting.splice(i, 0, item);
    if (evicted !== undefined) this.#onSendDone?.(evicted.to, "dropped", { priority: evicted.priority, at: now });
    this.#pump(now);
    return true;
  }

  /**
   * The radio's send-done for the outstanding frame. Ignored when nothing is outstanding (a
   * callback that came after its send-done timeout).
   * @param ok the radio's MAC-level result.
   * @param now the current tick.
   */
  sent(ok: boolean, now: Ticks): void {
    const done = this.#outstanding;
    if (done === undefined) return;
    this.#outstanding = undefined;
    this.#onSendDone?.(done.to, ok ? "sent" : "failed", { priority: done.priority, at: now });
    this.#pump(now);
  }

  /** Abandons the outstanding send once its send-done timeout has passed, then sends the next. */
  poll(now: Ticks): void {
    const done = this.#outstanding;
    if (done === undefined || !ticksReached(now, this.#deadline)) return;
    this.#outstanding = undefined;
    this.#abandon();
    this.#onSendDone?.(done.to, "timeout", { priority: done.priority, at: now });
    this.#pump(now);
  }

  /** The outstanding send's send-done deadline, or undefined when the radio is idle. */
  nextDeadline(): Ticks | undefined {
    return this.#outstanding === undefined ? undefined : this.#deadline;
  }

  /** Frames waiting, not counting the outstanding one. */
  get length(): number {
    return this.#waiting.length;
  }

  /** True while a send is outstanding. */
  get sending(): boolean {
    return this.#outstanding !== undefined;
  }

  /** Starts waiting frames until one is outstanding or none is left. */
  #pump(now: Ticks): void {
    while (this.#outstanding === undefined && this.#waiting.length > 0) this.#start(this.#waiting.shift()!, now);
  }

  /** Sends `item` and makes it the outstanding send; a send that throws is reported as "error". */
  #start(item: Queued, now: Ticks): void {
    try {
      this.#send(item.to, item.bytes);
    } catch {
      this.#onSendDone?.(item.to, "error", { priority: item.priority, at: now });
      return;
    }
    this.#outstanding = item;
    this.#deadline = ticksAdd(now, this.#timeoutMs);
  }
}
