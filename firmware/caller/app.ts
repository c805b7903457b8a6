import { checkConfig, type CallerConfig } from "../core/config.ts";
import { CallerPolicy, type CallerEventName, type CallerStatus } from "../core/policy/caller.ts";
import type { DeviceApp, DeviceHal } from "../hal/device.ts";
import type { EventFields } from "../hal/events.ts";
import { ButtonPin } from "../stack/button-pin.ts";
import { CadencePlayer } from "../stack/cadence.ts";
import { DeadlineTimer } from "../stack/deadline-timer.ts";
import { RadioStack } from "../stack/radio-stack.ts";
import { LED_PATTERNS } from "./led.ts";

export type { CallerStatus };

/** A running caller. */
export interface CallerApp extends DeviceApp {
  status(): CallerStatus;
}

/**
 * Starts the caller app: wires the button pin, the radio stack, the LED and a deadline timer to
 * the caller's policy (`firmware/core/policy/caller.ts`), which makes every decision: one
 * physical press → one incident, retransmitted until acknowledged, two-stage LED feedback,
 * heartbeats, link fault, alarms kept across reboots.
 *
 * Events (ARCHITECTURE §3): the policy's (`CallerEventName`, fields from `firmware/core/events.ts`) and the stack's `frame_rejected`.
 *
 * @param hal the platform (Moddable adapters on the device, simulator adapters on the host).
 * @param config identity, key, receiver and settings.
 * @throws ConfigError for an invalid config (see `checkConfig`).
 */
export function startCaller(hal: DeviceHal, config: CallerConfig): CallerApp {
  checkConfig(config);
  const { settings } = config;
  const receiver = config.receiver.nodeId;
  const led = new CadencePlayer(hal.openOutput("led", 0), hal.scheduler);
  const policy = new CallerPolicy({
    store: hal.store,
    random: hal.random,
    now: hal.clock.now(),
    heartbeat: { periodMs: settings.heartbeatMs },
    outputs: {
      emit: (event: CallerEventName, fields: EventFields) => hal.events.emit(event, fields),
      send: (message) => stack.send(receiver, message),
      led: (state) => led.play(LED_PATTERNS[state]),
    },
  });
  const stack = new RadioStack({
    hal,
    self: config.self.nodeId,
    peers: [{ nodeId: receiver, address: config.receiver.address, key: config.key }],
    onMessage: (_peer, message) => policy.message(message),
    onHeard: (_peer, now) => policy.heard(now),
    onAttempt: (_peer, message, info) => policy.attempted(message, info),
    onDelivered: (_peer, message, info) => policy.delivered(message, info),
    onGaveUp: (_peer, message, info) => policy.gaveUp(message, info),
  });
  const button = new ButtonPin(
    hal,
    "button",
    {
      debounce: { strategy: settings.debounceStrategy, windowMs: settings.debounceMs },
      holdMs: settings.holdMs,
      stuckMs: settings.stuckMs,
      activeLow: true,
    },
    (e) => policy.button(e),
  );
  const timer = new DeadlineTimer({
    clock: hal.clock,
    scheduler: hal.scheduler,
    nextDeadline: () => policy.nextDeadline(),
    onDue: (now) => policy.poll(now),
  });
  policy.start(hal.clock.now());
  timer.rearm();

  return {
    status: () => policy.status(),
    stop() {
      timer.stop();
      stack.stop();
      led.stop(0);
      button.close();
    },
  };
}
