import test from "ava";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import type { UntypedEventSink } from "../../firmware/hal/events.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { scenario } from "./support/engine.ts";

test("a powered-off device hears nothing: frames sent to it are lost with no MAC ack", (t) => {
  const s = scenario({ duration_ms: 3000, inputs: [{ at_ms: 500, device: "post", power: "off" }] });
  const results: boolean[] = [];
  runScenario(s, {
    engine: {
      apps: {
        receiver: (hal: DeviceHal) => {
          const radio = hal.openRadio({ onReceive: () => (hal.events as UntypedEventSink).emit("heard"), onSent() {} });
          return { stop: () => radio.close() };
        },
        caller: (hal: DeviceHal, config) => {
          const radio = hal.openRadio({ onReceive() {}, onSent: (ok) => results.push(ok) });
          hal.scheduler.schedule(() => radio.send(config.receiver.address, new Uint8Array([1])), 100);
          hal.scheduler.schedule(() => radio.send(config.receiver.address, new Uint8Array([2])), 1000);
          return { stop: () => radio.close() };
        },
      },
    },
  });
  t.deepEqual(results, [true, false]);
});
