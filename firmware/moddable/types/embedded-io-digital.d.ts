/**
 * ECMA-419 Digital IO as Moddable implements it (`modules/io/digital/digital.js`,
 * `documentation/io/io.md` §Digital). Mode and edge constants are statics; levels are 0 | 1.
 */
declare module "embedded:io/digital" {
  export interface DigitalOptions {
    /** GPIO number. */
    pin: number;
    /** `Digital.Input`, `InputPullUp`, `InputPullDown`, `InputPullUpDown`, `Output`, `OutputOpenDrain`. */
    mode: number;
    /** `Digital.Rising`, `Digital.Falling` or both OR'd; required with `onReadable`. */
    edge?: number;
    /** Outputs: the level written before the pin becomes an output. */
    initialValue?: 0 | 1;
    /** Inverts read and write. */
    activeLow?: boolean;
    /** Inputs: runs after one or more armed edges; call `this.read()`. */
    onReadable?: (this: Digital) => void;
    format?: "number";
    target?: unknown;
  }

  export default class Digital {
    static readonly Input: 0;
    static readonly InputPullUp: 1;
    static readonly InputPullDown: 2;
    static readonly InputPullUpDown: 3;
    static readonly Output: 8;
    static readonly OutputOpenDrain: 9;
    static readonly ActiveLow: 16;
    static readonly Rising: 1;
    static readonly Falling: 2;
    /** @throws Error "in use" when the pin is open already; RangeError "input only", "invalid mode", "invalid edges". */
    constructor(options: DigitalOptions);
    /** The level, 0 or 1. Inputs only. */
    read(): 0 | 1;
    /** Drives the pin. Outputs only. */
    write(value: 0 | 1): void;
    /** Releases the pin. */
    close(): void;
    format: "number";
  }
}
