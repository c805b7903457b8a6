/**
 * What each board of a post should hold, and what is left to do: the identity the registry
 * gives a device (`identityFor`), whether its board holds it (`deviceState`, by comparing the
 * checksum recorded at provisioning with the one the registry gives now), and the commands
 * that bring every board up to date, in an order that works (`nextSteps`).
 *
 * Why an order: a caller's identity names its receiver's MAC, and a receiver's names every
 * caller's MAC; a MAC is learned when its board is first plugged in. So: the receiver once (its
 * address is recorded), each caller (now fully provisioned), then the receiver again (now it
 * knows every caller). A receiver is never provisioned with only some of its callers: a caller
 * left out would be neither heard nor supervised, without anybody noticing.
 */
import { parseSettings, SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { hex32 } from "../../firmware/stack/crc32.ts";
import { identityChecksum, identityEntries, type Identity, type IdentityPeer } from "../../firmware/stack/identity-writer.ts";
import { say } from "../lang.ts";
import type { Registry, RegistryDevice } from "./registry.ts";

/** The identity of a device, or the devices whose MAC is still unknown. */
export type IdentityPlan = { ready: true; identity: Identity } | { ready: false; waitingFor: RegistryDevice[] };

/** Where a device's board stands. */
export type DeviceState =
  /** Its board holds the identity the registry gives it now. */
  | { kind: "current" }
  /** Provisioned once, but the registry has changed since. */
  | { kind: "stale" }
  /** Never provisioned (or its board was replaced). */
  | { kind: "never" };

/** The identity the registry gives `device` now. */
export function identityFor(r: Registry, device: RegistryDevice): IdentityPlan {
  const receiver = r.devices[0]!;
  const peer = (d: RegistryDevice): IdentityPeer => ({ id: d.id, nodeId: d.nodeId, mac: d.mac!, name: d.name });
  const base = { id: device.id, name: device.name, nodeId: device.nodeId, channel: r.channel, ...(device.settings === undefined ? {} : { settings: device.settings }) };
  if (device.role === "caller") {
    if (receiver.mac === undefined) return { ready: false, waitingFor: [receiver] };
    return { ready: true, identity: { role: "caller", ...base, key: device.key!, receiver: peer(receiver) } };
  }
  const callers = r.devices.slice(1);
  const unknown = callers.filter((c) => c.mac === undefined);
  if (unknown.length > 0) return { ready: false, waitingFor: unknown };
  // A caller's heartbeat_ms, when not the default, goes to the receiver too (`c<i>.hb`): the
  // receiver checks its offline_after_ms against it at boot (`checkDeployment`).
  const heartbeat = (c: RegistryDevice) => {
    const heartbeatMs = parseSettings(c.settings).heartbeatMs;
    return heartbeatMs === SETTINGS_DEFAULTS.heartbeatMs ? {} : { heartbeatMs };
  };
  // The duty list and escalation settings go as the registry holds them (issue 14).
  const escalation = device.escalation === undefined ? {} : { escalation: device.escalation };
  return { ready: true, identity: { role: "receiver", ...base, callers: callers.map((c) => ({ ...peer(c), key: c.key!, ...heartbeat(c) })), ...escalation } };
}

/** The checksum a board holding the registry's identity of `device` reports (8 hex digits), if it can be known yet. */
export function expectedChecksum(r: Registry, device: RegistryDevice): string | undefined {
  const plan = identityFor(r, device);
  return plan.ready ? hex32(identityChecksum(identityEntries(plan.identity))) : undefined;
}

/** Where `device`'s board stands. */
export function deviceState(r: Registry, device: RegistryDevice): DeviceState {
  if (device.provisioned === undefined) return { kind: "never" };
  const expected = expectedChecksum(r, device);
  if (expected === device.provisioned.identityCrc32 && device.provisioned.mac === device.mac) return { kind: "current" };
  return { kind: "stale" };
}

/** One step left to do. */
export interface Step {
  device: RegistryDevice;
  /** The command to run, e.g. `bell provision device clinic`. */
  command: string;
  /** Why, in plain words, in the tools' language (`tools/lang.ts`). */
  why: string;
}

/**
 * The commands that bring every board of the post up to date, in an order that works; empty
 * when every board holds its identity.
 */
export function nextSteps(r: Registry, command = "bell provision device"): Step[] {
  const receiver = r.devices[0]!;
  const callers = r.devices.slice(1);
  const steps: Step[] = [];
  const receiverState = deviceState(r, receiver);
  if (receiver.mac === undefined) {
    steps.push({ device: receiver, command: `${command} ${receiver.id}`, why: say("provision.why.receiver_address") });
  }
  for (const c of callers) {
    const state = deviceState(r, c);
    if (state.kind === "current") continue;
    const why =
      state.kind === "never"
        ? c.provisioned === undefined && c.mac === undefined
          ? say("provision.why.never")
          : say("provision.why.never_address_known")
        : say("provision.why.caller_changed");
    steps.push({ device: c, command: `${command} ${c.id}`, why });
  }
  if (receiverState.kind !== "current") {
    // every caller current: no caller was added, replaced or renamed, so what the receiver lacks
    // is a caller removed or its duty list (the registry keeps one checksum per board, so it
    // cannot tell those two apart; field finding 5)
    const callersCurrent = callers.every((c) => deviceState(r, c).kind === "current");
    const why =
      receiverState.kind === "never"
        ? say("provision.why.receiver_never")
        : callersCurrent
          ? say("provision.why.receiver_duty_or_removed")
          : say("provision.why.receiver_changed");
    steps.push({ device: receiver, command: `${command} ${receiver.id}`, why });
  }
  return steps;
}
