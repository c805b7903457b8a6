import type { DeviceHal, InputRole } from "../hal/device.ts";
import type { DigitalInput } from "../hal/digital.ts";
import { ButtonInput, type ButtonEvent, type ButtonOptions } from "../core/press.ts";
import { DeadlineTimer } from "./deadline-timer.ts";

/**
 * A debounced button on a pin: the hal input (both edges, onReadable), a core `ButtonInput`
 * (debounce, hold-to-trigger, stuck detection) and the timer its deadlines need.
 *
 * The pin is opened first so the debouncer starts from the real level: a button held, or a
 * cable shorted, at boot is never taken for a press. Each onReadable reads the level at
 * callback time (edges before it are coalesced, as on Moddable).
 */
export class ButtonPin {
  readonly #pin: DigitalInput;
  readonly #input: ButtonInput;
  readonly #timer: DeadlineTimer;

  /**
   * @param hal the platform.
   * @param role which input pin (board config maps it to a GPIO).
   * @param options button options (see `ButtonOptions`); `initial` comes from the pin.
   * @param onEvent receives press / release / stuck / stuck_cleared events.
   * @throws Error when the board has no pin for `role`; RangeError for bad options.
   */
  constructor(hal: DeviceHal, role: InputRole, options: Partial<ButtonOptions>, onEvent: (e: ButtonEvent) => void) {
    let ready = false;
    this.#pin = hal.openInput(role, () => {
      if (!ready) return;
      for (const e of this.#input.sample(this.#pin.read(), hal.clock.now())) onEvent(e);
      this.#timer.rearm();
    });
    // `now`: a button held (or shorted) at boot is timed towards `stuck` from boot, edges or not
    this.#input = new ButtonInput({ ...options, initial: this.#pin.read(), now: hal.clock.now() });
    this.#timer = new DeadlineTimer({
      clock: hal.clock,
      scheduler: hal.scheduler,
      nextDeadline: () => this.#input.nextDeadline(),
      onDue: (now) => {
        for (const e of this.#input.poll(now)) onEvent(e);
      },
    });
    ready = true;
    this.#timer.rearm(); // only a button held at boot has a deadline now
  }

  /** The debounced state: true while pressed. */
  get pressed(): boolean {
    return this.#input.pressed;
  }

  /** Releases the pin and the timer. */
  close(): void {
    this.#timer.stop();
    this.#pin.close();
  }
}
