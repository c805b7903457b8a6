/**
 * Runs a scenario in which some callers use MQTT (`"transport": "mqtt"`) through the real broker
 * of the scenario's `mqtt` field, while the others use the simulated medium.
 *
 * - Each MQTT caller's radio is an `MqttRadio` with address `mqtt:<id>` (`provision.ts`); the
 *   receiver's radio is a `RadioRouter`: `mqtt:…` addresses to its own `MqttRadio`
 *   (`mqtt:<receiver id>`), every other address to the medium.
 * - The broker runs in real time, so the run is paced to the wall clock (`paced.ts`). Virtual
 *   time 0 (power-up) is run first; the run then waits, with virtual time standing still, until
 *   every MQTT radio opened by then is connected and subscribed, so that inputs meet a ready
 *   broker. A device with `boot_ms` > 0 connects later, in paced time.
 * - Every failed attempt to reach the broker is said as it happens, in `bell bridge`'s words
 *   (`brokerFailedWords`: why, and when the next attempt is), so an unreachable broker is never
 *   `connectTimeoutMs` of silence followed by one error (issue 16).
 * - The run ends at `duration_ms` (or `untilMs`, or `signal`); every MQTT radio is then closed
 *   (its `offline` availability published).
 */
import type { RadioRoute } from "../../firmware/stack/radio-router.ts";
import { JobError } from "../errors.ts";
import { withId } from "../flash/errors.ts";
import { say } from "../lang.ts";
import { MqttRadio } from "../mqtt/radio.ts";
import { brokerFailedWords } from "../mqtt/session.ts";
import { runPaced } from "./paced.ts";
import { MQTT_ADDRESS_PREFIX, mqttAddress, type Provisioned } from "./provision.ts";
import { Simulation, type RunResult, type SimEvent } from "./run.ts";
import type { Scenario } from "./scenario.ts";

/** Stable id of a broker the run cannot reach. */
export const E_SIM_MQTT = "E_SIM_MQTT";

/** Defaults of `runWithMqtt`. */
export const MQTT_RUN_DEFAULTS = {
  /** Longest wait for every MQTT radio to be connected before the inputs start, ms. */
  connectTimeoutMs: 10_000,
  /** Wall time between simulation steps, ms. */
  tickMs: 5,
  /** Reconnect backoff ceiling after one failure, ms (the radio's default is for the field). */
  reconnectMinMs: 100,
} as const;

/** Options of `runWithMqtt`. */
export interface MqttRunOptions {
  /** A scenario with `mqtt` (`parseScenario` guarantees it when a caller uses MQTT). */
  scenario: Scenario;
  seed?: number;
  /** Virtual (= wall) ms to stop at if earlier than `duration_ms`. */
  untilMs?: number;
  /** Every event of the run, summary last, as it happens. */
  onEvent?(e: SimEvent): void;
  /** Keep the events in the result (default true). */
  keepEvents?: boolean;
  detail?: boolean;
  /** Ends the run early (Ctrl-C). */
  signal?: AbortSignal;
  /** Longest wait for the MQTT radios to connect, ms. Default 10 000. */
  connectTimeoutMs?: number;
  /** Wall time between simulation steps, ms. Default 5. */
  tickMs?: number;
  /**
   * An MQTT radio's attempt to connect failed: its address (`mqtt:<id>`) and what to tell the
   * person (`brokerFailedWords`). Default: the line `bell sim: <address>: <text>` on stderr.
   */
  onConnectFailed?(address: string, text: string): void;
}

/**
 * See the file comment.
 * @throws TypeError when the scenario has no `mqtt`; JobError E_SIM_MQTT when a radio does not
 *   connect within `connectTimeoutMs`; SimAppError when app code throws.
 */
export async function runWithMqtt(o: MqttRunOptions): Promise<RunResult> {
  const mqtt = o.scenario.mqtt;
  if (mqtt === undefined) throw new TypeError("runWithMqtt: the scenario has no mqtt broker");
  const connectTimeoutMs = o.connectTimeoutMs ?? MQTT_RUN_DEFAULTS.connectTimeoutMs;
  const radios: MqttRadio[] = [];
  const anyMqtt = o.scenario.devices.some((d) => d.transport === "mqtt");
  const connectFailed = o.onConnectFailed ?? ((address: string, text: string) => void process.stderr.write(`bell sim: ${address}: ${text}\n`));
  const mqttRoute = (prefix: string, address: string): RadioRoute => ({
    prefix,
    open: (handlers) => {
      const radio = new MqttRadio({
        brokerUrl: mqtt.broker,
        post: mqtt.post,
        root: mqtt.root,
        address,
        handlers,
        reconnectMinMs: MQTT_RUN_DEFAULTS.reconnectMinMs,
        onConnectFailed: (why, retryInMs) => connectFailed(address, brokerFailedWords(mqtt.broker, why, retryInMs)),
      });
      radios.push(radio);
      return radio;
    },
  });
  const radioRoutes = (p: Provisioned): RadioRoute[] | undefined => {
    if (p.device.transport === "mqtt") return [mqttRoute("", p.identity.address)];
    if (p.role === "receiver" && anyMqtt) return [mqttRoute(MQTT_ADDRESS_PREFIX, mqttAddress(p.device.id))];
    return undefined;
  };
  const sim = new Simulation(o.scenario, { seed: o.seed, untilMs: o.untilMs, onEvent: o.onEvent, keepEvents: o.keepEvents, detail: o.detail, radioRoutes });
  try {
    sim.advanceTo(0); // power-up: the apps open their radios
    const deadline = performance.now() + connectTimeoutMs;
    while (!radios.every((r) => r.connected)) {
      if (performance.now() > deadline) {
        const late = radios.filter((r) => !r.connected).map((r) => r.address);
        const why = [...new Set(radios.filter((r) => !r.connected).map((r) => r.lastError).filter((w) => w !== undefined))];
        const text = say("sim.mqtt_not_connected", { radios: late.join(", "), broker: mqtt.broker, ms: connectTimeoutMs, why: why.length ? `: ${why.join("; ")}` : "" });
        throw new JobError(E_SIM_MQTT, withId(E_SIM_MQTT, text));
      }
      if (o.signal?.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await runPaced(sim, { tickMs: o.tickMs ?? MQTT_RUN_DEFAULTS.tickMs, signal: o.signal });
    return sim.finish();
  } finally {
    await Promise.all(radios.map((r) => r.closeAsync()));
  }
}
