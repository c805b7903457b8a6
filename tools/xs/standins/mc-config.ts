/**
 * Stand-in for `mc/config` inside the XS engine: the board manifest's `config` (pins by role,
 * board name) that the host read from `manifests/boards/<board>.json` and sent at boot. It is
 * read when the firmware's modules initialise, which the XS engine defers to the boot command.
 */
import { hostLink } from "./host-link.ts";

const boot = hostLink().boot;
if (!boot) throw new Error("mc/config: read before the host's boot command");

const config: Readonly<Record<string, unknown>> = Object.freeze({ ...boot.config });
export default config;
