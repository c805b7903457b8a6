import { Annunciator } from "../firmware/core/annunciator/annunciator.ts";
import { checkConfig, MODEM_DEFAULT, type ReceiverConfig } from "../firmware/core/config.ts";
import { ReceiverPolicy, type ReceiverOutput, type ReceiverStatus } from "../firmware/core/policy/receiver.ts";
import type { ButtonEvent } from "../firmware/core/press.ts";
import type { DeviceApp, DeviceHal } from "../firmware/hal/device.ts";
import type { EventFields, EventName, EventSink } from "../firmware/hal/events.ts";
import { ButtonPin } from "../firmware/stack/button-pin.ts";
import { CadencePlayer } from "../firmware/stack/cadence.ts";
import { DeadlineTimer } from "../firmware/stack/deadline-timer.ts";
import type { ModemFault } from "../firmware/core/modem-fault.ts";
import { PostEscalation } from "../firmware/stack/post-escalation.ts";
import { ModemProbe } from "../firmware/stack/at/modem-probe.ts";
import { RadioStack } from "../firmware/stack/radio-stack.ts";
import { EventLog } from "./event-log.ts";
import { IncidentTable } from "./incidents.ts";
import { RECEIVER_LED_PATTERNS } from "./led.ts";
import { OfflineMemory, SilenceMemory } from "./offline-memory.ts";
import { Siren } from "./siren.ts";

export type { ReceiverStatus };

/** Operator buttons: no hold, and a stuck operator button must not be read as many presses. */
const OPERATOR_BUTTON = { holdMs: 0, stuckMs: 60_000, activeLow: true } as const;

/** How often the screen is redrawn with no event, ms: its ages count in whole minutes. */
const SCREEN_REFRESH_MS = 60_000;

/** A running receiver. */
export interface ReceiverApp extends DeviceApp {
  status(): ReceiverStatus;
  /** The persistent event log, oldest first. */
  log: EventLog;
  /** Sounds the siren's test pattern once (console command). */
  testSiren(): void;
}

/**
 * Starts the receiver app: wires the post's policy (`firmware/core/policy/receiver.ts`, which
 * holds every decision and lists the events) to the radio stack, the operator buttons, the
 * siren output, the persistent event log (`event-log.ts`) and one deadline timer; and what the
 * policy reports (and restored from flash) to the annunciator (`firmware/core/annunciator/`),
 * whose view drives the LED and, when the board has one, the screen and its `next` button.
 * Guarantees: receiver/README.md.
 * @throws ConfigError for an invalid config (see `checkConfig`).
 */
export function startReceiver(hal: DeviceHal, config: ReceiverConfig): ReceiverApp {
  checkConfig(config);
  const { events, clock } = hal;
  const incidents = new IncidentTable(hal.store);
  const log = new EventLog(hal.store);
  const siren = new Siren(hal.openOutput("siren", 0), hal.scheduler, events);
  const stores = { incidents, offline: new OfflineMemory(hal.store), silence: new SilenceMemory(hal.store) };
  const policy = new ReceiverPolicy({ callers: config.callers, offlineAfterMs: config.settings.offlineAfterMs, stores, now: clock.now() });
  const screen = hal.openScreen?.();
  const annunciator = new Annunciator(screen?.lang === undefined ? {} : { lang: screen.lang });
  annunciator.restore(policy.restored(), clock.now());
  const led = new CadencePlayer(hal.openOutput("led", 0), hal.scheduler);
  // Drawn in a callback of its own, after the one that changed it: the ack and the siren first.
  let redraw: ReturnType<typeof hal.scheduler.schedule> | undefined;
  const show = (): void => {
    redraw ??= hal.scheduler.schedule(() => {
      redraw = undefined;
      const view = annunciator.view(clock.now(), hal.wallTime?.());
      if (led.cadence !== RECEIVER_LED_PATTERNS[view.led]) led.play(RECEIVER_LED_PATTERNS[view.led]);
      screen?.show(view);
    }, 0);
  };
  // What the screen says of time ("2 phút trước", the clock) moves without an event: redraw each minute.
  let ageTimer: ReturnType<typeof hal.scheduler.schedule> | undefined;
  const everyMinute = (): void => {
    ageTimer = hal.scheduler.schedule(() => (show(), everyMinute()), SCREEN_REFRESH_MS);
  };
  if (screen !== undefined) everyMinute();
  let escalation: PostEscalation | undefined; // after policy.start: the boot's events are not the escalation's
  const apply = (outputs: readonly ReceiverOutput[]): void => {
    for (const o of outputs) {
      if (o.kind === "siren") siren.play(o.pattern);
      else if (o.kind === "send") stack.send(o.peer, o.message);
      else if (o.kind === "rearm") supervision.rearm();
      else {
        events.emit(o.event, o.fields);
        if (annunciator.apply({ ...o.fields, event: o.event }, clock.now(), hal.wallTime?.())) show();
        escalation?.receiverEvent(o.event, o.fields);
      }
      if (o.kind !== "record") continue;
      try {
        log.append({ ticks: clock.now(), wall: hal.wallTime?.() ?? 0, event: o.event, caller: o.caller, incident: o.incident, detail: o.detail });
      } catch (err) {
        apply(policy.storeFailed("event log", err));
      }
    }
  };
  const stack = new RadioStack({
    hal,
    self: config.self.nodeId,
    peers: config.callers,
    onMessage: (peer, message, now) => {
      const { ack, outputs } = policy.message(peer, message, now);
      apply(outputs);
      return ack;
    },
    onHeard: (peer, now) => apply(policy.heard(peer, now)),
    onGaveUp: (peer, message) => policy.gaveUp(peer, message),
    onDelivered: (peer, message) => apply(policy.delivered(peer, message)),
  });
  const debounce = { strategy: config.settings.debounceStrategy, windowMs: config.settings.debounceMs };
  const button = (name: "acknowledge" | "reset") =>
    new ButtonPin(hal, name, { ...OPERATOR_BUTTON, debounce }, (e: ButtonEvent) => e.type === "press" && apply(policy.operator(name)));
  const buttons = [button("acknowledge"), button("reset")];
  if (screen !== undefined) buttons.push(new ButtonPin(hal, "next", { ...OPERATOR_BUTTON, debounce }, (e: ButtonEvent) => e.type === "press" && (annunciator.next(), show())));
  const supervision = new DeadlineTimer({ clock, scheduler: hal.scheduler, nextDeadline: () => policy.nextDeadline(clock.now()), onDue: (now) => apply(policy.poll(now)) });
  apply(policy.start(config.self.name));
  // the escalation's own events also reach the screen: "calling the duty phones", who took it
  const escalationEvents: EventSink = {
    emit: (event: EventName, fields: EventFields = {}) => {
      events.emit(event, fields as never);
      if (annunciator.apply({ ...fields, event }, clock.now(), hal.wallTime?.())) show();
    },
  };
  // a post that cannot escalate says why at each boot; the policy decides whether it is a fault
  // (`escalation_off`), or that it can or was set up without phones (`escalation_ok`: field finding 8)
  apply(
    policy.escalationSetup({
      dutyList: config.escalation !== undefined,
      modem: hal.openModemSerial !== undefined,
      phones: config.escalation?.duty.length ?? 0,
      ...(config.escalationFault ? { fault: config.escalationFault } : {}),
    }),
  );
  escalation = startEscalation(hal, escalationEvents, config, (incidents, by) => apply(policy.takenByPhone(incidents, by)), (fault, detail) => apply(policy.modemHealth(fault, detail)));
  escalation?.restore(policy.restored(), (id) => config.callers.find((c) => c.id === id)?.name ?? id);
  // a modem UART the escalation does not use (no duty list): whether a module is fitted is learnt
  // by asking it AT; the policy decides what an answer means (field finding 2)
  const probe =
    escalation === undefined && hal.openModemSerial !== undefined
      ? new ModemProbe({ clock, scheduler: hal.scheduler, openSerial: hal.openModemSerial, onAnswer: () => apply(policy.modemAnswered()), onUnanswered: () => apply(policy.modemUnanswered()) })
      : undefined;

  let testTimer: ReturnType<typeof hal.scheduler.schedule> | undefined;
  return {
    log,
    status: () => policy.status(),
    testSiren() {
      apply(policy.sirenTest());
      hal.scheduler.cancel(testTimer);
      testTimer = hal.scheduler.schedule(() => apply(policy.sirenTestEnded()), 1000);
    },
    stop() {
      hal.scheduler.cancel(testTimer);
      hal.scheduler.cancel(redraw);
      hal.scheduler.cancel(ageTimer);
      led.stop(0);
      supervision.stop();
      escalation?.stop();
      probe?.stop();
      for (const b of buttons) b.close();
      stack.stop();
      siren.stop();
    },
  };
}

/**
 * The escalation to the duty officers' phones (issue 14, `firmware/stack/post-escalation.ts`)
 * when the config has a duty list and the board an LTE modem UART; else undefined (the post's
 * policy said why at boot: `ReceiverPolicy.escalationSetup`). The decisions are core's
 * (`firmware/core/escalation/`, `firmware/core/policy/receiver.ts`): this only wires them. An alarm an officer takes by SMS
 * or key goes to `onTaken`, which acknowledges it through the post's policy; the modem's health
 * goes to `onHealth`, which makes it a post fault through the same policy.
 */
function startEscalation(
  hal: DeviceHal,
  events: EventSink,
  config: ReceiverConfig,
  onTaken: (incidents: readonly { caller: string; incident: number }[], by: string) => void,
  onHealth: (fault: ModemFault | undefined, detail?: string) => void,
): PostEscalation | undefined {
  if (config.escalation === undefined || hal.openModemSerial === undefined) return undefined;
  return new PostEscalation({
    clock: hal.clock,
    scheduler: hal.scheduler,
    events,
    openSerial: hal.openModemSerial,
    settings: config.escalation,
    postName: config.self.name,
    vendor: config.modem ?? MODEM_DEFAULT,
    onTaken,
    onHealth,
    wallTime: () => hal.wallTime?.(),
    store: hal.store,
  });
}
