import test from "ava";
import { openPwm, PWM_DEFAULTS } from "../../firmware/moddable/pwm.ts";

function fakePwmClass() {
  const made: { pin: number; hz?: number; resolution?: number }[] = [];
  const writes: number[] = [];
  class FakePwm {
    readonly hz: number;
    readonly resolution: number;
    constructor(options: { pin: number; hz?: number; resolution?: number }) {
      made.push(options);
      this.hz = options.hz ?? 1024;
      this.resolution = options.resolution ?? 10;
    }
    write(value: number) {
      writes.push(value);
    }
    close() {}
  }
  return { FakePwm, made, writes };
}

test("defaults are Moddable's (1024 Hz, 10 bits) and duty 0…1023 is written as given", (t) => {
  const { FakePwm, made, writes } = fakePwmClass();
  const pwm = openPwm(FakePwm, { pin: 25 });
  t.deepEqual(made, [{ pin: 25, ...PWM_DEFAULTS }]);
  pwm.write(0);
  pwm.write(1023);
  t.deepEqual(writes, [0, 1023]);
  t.deepEqual([pwm.hz, pwm.resolution], [1024, 10]);
});

for (const duty of [-1, 1024, 0.5]) {
  test(`duty ${duty} is refused naming duty, and nothing is written`, (t) => {
    const { FakePwm, writes } = fakePwmClass();
    const pwm = openPwm(FakePwm, { pin: 25 });
    t.throws(() => pwm.write(duty), { instanceOf: RangeError, message: /^duty: must be an integer 0…1023/ });
    t.deepEqual(writes, []);
  });
}

test("hz and resolution out of range are refused before the SDK is called", (t) => {
  const { FakePwm, made } = fakePwmClass();
  t.throws(() => openPwm(FakePwm, { pin: 25, hz: 0 }), { instanceOf: RangeError, message: /^hz: / });
  t.throws(() => openPwm(FakePwm, { pin: 25, resolution: 21 }), { instanceOf: RangeError, message: /^resolution: / });
  t.is(made.length, 0);
});
