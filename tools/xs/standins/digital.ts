/**
 * Stand-in for ECMA-419 `embedded:io/digital` (Moddable's `device.io.Digital`) inside the XS
 * engine. A GPIO number is mapped back to its pin role through the build's `config.pins` (the
 * board manifest), and the simulated device's pin of that role is opened on the host:
 * - inputs (`Input*` modes, both edges armed): `onReadable` is called back by the host after
 *   edges (coalesced, as on Moddable); `read()` returns the level at the running callback's
 *   instant, which the host sends with every command (no round trip);
 * - outputs (`Output`): `initialValue` is driven at open; `write` is forwarded in order.
 * Errors: RangeError for a GPIO that no role uses or a bad mode or level; the host's "in use".
 */
import { COMMANDS, OPS } from "../protocol.ts";
import { hostLink } from "./host-link.ts";

type Level = 0 | 1;

interface DigitalOptions {
  pin: number;
  mode: number;
  edge?: number;
  initialValue?: Level;
  onReadable?: (this: Digital) => void;
}

/** Callbacks of open inputs, by pin id. */
const readable = new Map<number, () => void>();
let listening = false;

function roleOf(gpio: number): string {
  const pins = (hostLink().boot?.config.pins ?? {}) as Record<string, number>;
  for (const role of Object.keys(pins)) if (pins[role] === gpio) return role;
  throw new RangeError(`Digital: GPIO ${gpio} has no role in the board's config.pins (${JSON.stringify(pins)})`);
}

/** A digital pin. */
export default class Digital {
  static readonly Input = 0;
  static readonly InputPullUp = 1;
  static readonly InputPullDown = 2;
  static readonly InputPullUpDown = 3;
  static readonly Output = 8;
  static readonly OutputOpenDrain = 9;
  static readonly Rising = 1;
  static readonly Falling = 2;

  readonly #id: number;
  readonly #output: boolean;
  #closed = false;

  /** @throws RangeError for an unmapped GPIO, an unsupported mode or a bad initial value. */
  constructor(options: DigitalOptions) {
    const { pin, mode, initialValue, onReadable } = options;
    const role = roleOf(pin);
    const link = hostLink();
    if (mode === Digital.Output) {
      const initial = initialValue ?? 0;
      if (initial !== 0 && initial !== 1) throw new RangeError(`Digital: initialValue must be 0 or 1, got ${String(initial)}`);
      this.#output = true;
      this.#id = link.call(OPS.pinOutput, role, initial) as number;
      return;
    }
    if (mode !== Digital.InputPullUp) throw new RangeError(`Digital: mode ${mode} is not simulated (inputs use InputPullUp, outputs Output)`);
    this.#output = false;
    const [id, level] = link.call(OPS.pinInput, role) as [number, 0 | 1];
    this.#id = id;
    link.context.levels[String(id)] = level;
    if (onReadable !== undefined) {
      if (typeof onReadable !== "function") throw new TypeError("Digital: onReadable must be a function");
      if (!listening) {
        listening = true;
        link.on(COMMANDS.readable, (id) => readable.get(id as number)?.());
      }
      readable.set(this.#id, () => onReadable.call(this));
    }
  }

  /** The level now (inputs; outputs read back nothing in ECMA-419 here). @throws Error when closed. */
  read(): Level {
    if (this.#closed) throw new Error("Digital: closed");
    if (this.#output) throw new Error("Digital: read of an output is not simulated");
    const level = hostLink().context.levels[String(this.#id)];
    if (level !== 0 && level !== 1) throw new Error(`Digital: the host sent no level for pin ${this.#id}`);
    return level;
  }

  /** Drives an output. @throws RangeError for a level other than 0/1; Error on an input or when closed. */
  write(value: Level): void {
    if (this.#closed) throw new Error("Digital: closed");
    if (!this.#output) throw new Error("Digital: write to an input");
    if (value !== 0 && value !== 1) throw new RangeError(`Digital: value must be 0 or 1, got ${String(value)}`);
    hostLink().post(OPS.pinWrite, this.#id, value);
  }

  /** Releases the pin; closing twice is harmless. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    readable.delete(this.#id);
    hostLink().post(OPS.pinClose, this.#id);
  }
}
