/**
 * A simulated device's run loop: the one place where the simulator calls into app code.
 *
 * On the device every callback (timer, pin, radio) runs on the XS run loop, one at a time, never
 * re-entrantly (Moddable `modMessagePostToMachine`, `documentation/base/base.md` §Timer). Here
 * each callback is one event on the shared `EventQueue`, tagged with the device. Power loss
 * drops every callback the device had queued: RAM, timers and pending interrupts are gone.
 */
import { EventGroup, type EventQueue, type QueuedEvent } from "./clock.ts";

/** Runs one app callback and reports what it throws (see `SimDevice`). */
export type Invoke = (callback: () => void) => void;

/**
 * The callbacks queued for one device, dropped together when its power goes (one `EventGroup`
 * of the queue: no closure or set entry per callback).
 */
export class RunLoop {
  private readonly group: EventGroup;
  private stopped = false;

  /**
   * @param queue the simulation's event queue.
   * @param invoke runs one app callback (catching and attributing what it throws).
   */
  constructor(
    private readonly queue: EventQueue,
    private readonly invoke: Invoke,
  ) {
    this.group = new EventGroup(invoke);
  }

  /** Virtual time now, µs. */
  get nowUs(): number {
    return this.queue.nowUs;
  }

  /**
   * Queues `callback` on this device's run loop, `delayUs` µs from now (integer ≥ 0).
   * It is dropped if the device loses power first.
   */
  post(delayUs: number, callback: () => void): QueuedEvent {
    if (this.stopped) return { atUs: this.queue.nowUs + delayUs };
    return this.queue.after(delayUs, callback, this.group);
  }

  /** Runs `callback` now, as app code (used by events that are already on the queue). */
  run(callback: () => void): void {
    if (!this.stopped) this.invoke(callback);
  }

  /** Cancels one posted callback; anything else is ignored. */
  cancel(event: QueuedEvent): void {
    if (event.group === this.group) this.queue.cancel(event);
  }

  /** Power loss: drops every queued callback; later posts and runs are ignored. */
  stop(): void {
    this.stopped = true;
    this.queue.drop(this.group);
  }

  /** Number of callbacks queued. */
  get size(): number {
    return this.group.queued;
  }
}
