/**
 * Stand-in for Moddable's `rng` module (`import RNG from "rng"`) inside the XS engine:
 * `RNG.get(count)` returns `count` bytes from the simulated device's seeded random stream (the
 * host's hal `RandomU32`): each 4 bytes are one draw, big-endian, so the firmware's
 * `createRandomU32` (4 bytes → `getUint32`) reads exactly the values the Node engine's apps get.
 */
import { OPS } from "../protocol.ts";
import { fromHex, hostLink } from "./host-link.ts";

const RNG = Object.freeze({
  /** @throws RangeError unless count is an integer 1…1024. */
  get(count: number): ArrayBuffer {
    if (!Number.isInteger(count) || count < 1 || count > 1024) throw new RangeError(`RNG.get: count must be an integer 1…1024, got ${count}`);
    return fromHex(hostLink().call(OPS.random, count) as string).buffer as ArrayBuffer;
  },
  /** Seeding is the simulator's (the scenario seed): ignored. */
  init(): void {},
});

export default RNG;
