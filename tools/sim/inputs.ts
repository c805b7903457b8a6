/**
 * Plays a scenario's inputs onto the simulated devices: pin edges (presses, operator buttons,
 * raw edges, traces), power cuts and restorations, and the attacker's frames.
 *
 * Each input is queued at its time, in file order, after the devices' power-up at t = 0, so an
 * input at 0 ms happens after boot (when `boot_ms` is 0). Besides the pin changes themselves,
 * the engine reports what the scenario did, so a timeline reads as a story:
 * - `input` {pin, source: press|button|edges|trace, press_ms?, edges} when a pin input starts;
 * - `power` {on} when a device's power actually changes;
 * - `attack` {kind: replay|forge, from, mode?, bytes, heard} when the attacker transmits, or
 *   {kind, from, bytes: 0, heard: false, why} when it had nothing to send.
 * Overlapping pin inputs on one pin simply interleave: each edge sets the level it names.
 */
import type { EventFields } from "../../firmware/hal/events.ts";
import type { EventQueue } from "./clock.ts";
import type { SimDevice } from "./device.ts";
import type { Medium } from "./medium.ts";
import type { Random } from "./random.ts";
import type { Forgers } from "./attacker.ts";
import type { AttackInput, ScenarioInput } from "./scenario.ts";
import type { SimModem } from "./modem.ts";
import type { PhoneNetwork } from "./phone-network.ts";
import type { ModemInput, PhoneInput } from "./lte-scenario.ts";

/** What the inputs act on. */
export interface InputTargets {
  queue: EventQueue;
  devices: ReadonlyMap<string, SimDevice>;
  medium: Medium;
  /** Reports an engine event (the caller stamps `t`). */
  emit: (device: string, event: string, fields: EventFields) => void;
  /** The attacker's stream (`attacker`). */
  random: Random;
  forgers: Forgers;
  /** The phone network and modem (scenario `lte`), for phone and modem inputs. */
  lte?: { network: PhoneNetwork; modem: SimModem };
}

/** Queues every input. */
export function scheduleInputs(inputs: readonly ScenarioInput[], targets: InputTargets): void {
  const { queue, devices, emit } = targets;
  for (const input of inputs) {
    const device = devices.get(input.device)!;
    switch (input.kind) {
      case "edges": {
        const fields: EventFields = { pin: input.pin, source: input.source };
        if (input.pressMs !== undefined) fields.press_ms = input.pressMs;
        fields.edges = input.edges.length;
        queue.at(input.atUs, () => emit(device.id, "input", fields));
        for (const [atUs, level] of input.edges) queue.at(atUs, () => device.drive(input.pin, level));
        break;
      }
      case "power":
        queue.at(input.atUs, () => {
          if (input.on === device.powered) return;
          emit(device.id, "power", { on: input.on });
          if (input.on) device.powerOn();
          else device.powerOff();
        });
        break;
      case "attack":
        queue.at(input.atUs, () => attack(input, targets));
        break;
      case "phone":
      case "modem":
        queue.at(input.atUs, () => playLteInput(input, targets.lte!, emit));
        break;
    }
  }
}

/**
 * Does what a phone or modem input says, now: the phone sends its SMS to the post's modem or
 * changes how it answers; the modem takes its new state (reported as `modem_set` on the
 * input's device). Shared by the simulation and the fake modem on a pty (`fake-modem.ts`).
 */
export function playLteInput(input: PhoneInput | ModemInput, lte: { network: PhoneNetwork; modem: SimModem }, emit: InputTargets["emit"]): void {
  if (input.kind === "phone") {
    if (input.sms !== undefined) lte.network.phoneSends(input.phone, lte.modem.number, input.sms);
    else lte.network.describe(input.phone, input.behaviour ?? {});
    return;
  }
  emit(input.device, "modem_set", { state: JSON.stringify(input.state) });
  lte.modem.set(input.state);
}

function attack(input: AttackInput, targets: InputTargets): void {
  const { medium, emit } = targets;
  const captured = medium.captured(input.from, input.back)?.bytes;
  let bytes: Uint8Array | undefined;
  if (input.attack === "replay") bytes = captured;
  else bytes = targets.forgers[input.mode]!(captured, targets.random);
  const fields: EventFields = { kind: input.attack, from: input.from };
  if (input.attack === "forge") fields.mode = input.mode;
  if (bytes === undefined) {
    emit(input.device, "attack", { ...fields, bytes: 0, heard: false, why: `nothing captured from ${input.from} yet` });
    return;
  }
  const heard = medium.hearsNow(input.device, input.from);
  emit(input.device, "attack", { ...fields, bytes: bytes.length, heard });
  if (heard) medium.inject(input.device, input.from, bytes);
}
