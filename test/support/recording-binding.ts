/**
 * node-serialport bindings for tests, built on `SerialPortMock.binding` (the CJS MockBinding that
 * `serialport` itself uses; importing @serialport/binding-mock from ESM would give a second,
 * separate singleton: host-tooling.md §9.2):
 * - {@link recordingBinding} records every DTR/RTS change (`set()`), with a timestamp, so reset
 *   sequences can be asserted exactly;
 * - {@link failingOpenBinding} makes `open()` fail with a given error, as a busy or forbidden
 *   device does.
 * Use them through {@link mockPortFactory}, which the flash job accepts as `createPort`.
 */
import { SerialPortStream } from "@serialport/stream";
import { SerialPortMock } from "serialport";
import type { NodePortOpenOptions, PortFactory } from "../../tools/flash/web-serial.ts";

// @serialport/bindings-interface's ESM entry has no types (TS7016), so its types are derived
// from @serialport/stream, which uses them.
type BindingInterface = ConstructorParameters<typeof SerialPortStream>[0]["binding"];
type BindingPortInterface = Awaited<ReturnType<BindingInterface["open"]>>;
type OpenOptions = Parameters<BindingInterface["open"]>[0];
type SetOptions = Parameters<BindingPortInterface["set"]>[0];

/** One `set()` call: the line states asked for, and when (ms, performance.now()). */
export interface SignalChange {
  dtr: boolean;
  rts: boolean;
  brk: boolean;
  atMs: number;
}

/** A port binding that forwards everything and records `set()`. */
class RecordingPortBinding implements BindingPortInterface {
  constructor(private readonly inner: BindingPortInterface, private readonly changes: SignalChange[]) {}
  get isOpen() {
    return this.inner.isOpen;
  }
  get openOptions() {
    return this.inner.openOptions;
  }
  close() {
    return this.inner.close();
  }
  read(buffer: Buffer, offset: number, length: number) {
    return this.inner.read(buffer, offset, length);
  }
  write(buffer: Buffer) {
    return this.inner.write(buffer);
  }
  update(options: { baudRate: number }) {
    return this.inner.update(options);
  }
  set(options: SetOptions) {
    this.changes.push({ dtr: options.dtr ?? true, rts: options.rts ?? true, brk: options.brk ?? false, atMs: performance.now() });
    return this.inner.set(options);
  }
  get() {
    return this.inner.get();
  }
  getBaudRate() {
    return this.inner.getBaudRate();
  }
  flush() {
    return this.inner.flush();
  }
  drain() {
    return this.inner.drain();
  }
}

/** A binding over the mock whose ports record every `set()` into `changes`. */
export function recordingBinding(changes: SignalChange[]): BindingInterface {
  const base = SerialPortMock.binding;
  return {
    list: () => base.list(),
    open: async (options: OpenOptions) => new RecordingPortBinding(await base.open(options), changes),
  };
}

/** A binding whose `open()` always fails with `error` (what the OS said). */
export function failingOpenBinding(error: Error): BindingInterface {
  return {
    list: () => SerialPortMock.binding.list(),
    open: async () => {
      throw error;
    },
  };
}

/** A `createPort` for the flash job that opens ports through `binding`. */
export function mockPortFactory(binding: BindingInterface = SerialPortMock.binding): PortFactory {
  return (options: NodePortOpenOptions) => new SerialPortStream({ ...options, binding });
}
