/**
 * What the receiver learns from its callers' heartbeats besides "alive" (issue 10 point 6):
 * - the caller's own **link fault** (`HeartbeatStatus.linkFault`): the post hears it, but the
 *   caller does not get the post's acks (a one-way link: a deaf caller radio, an antenna facing
 *   the wrong way), so its presser would be told to phone. The post shows it.
 * - a caller **reboot**: its `uptimeS` went back. A caller that reboots (a watchdog, a brown-out,
 *   a power blip shorter than the offline timeout) is otherwise invisible at the post.
 *
 * A heartbeat is fresh when it reaches the app: the link drops duplicates, and a heartbeat
 * superseded by a newer one is no longer retransmitted, so heartbeats arrive in order and uptime
 * only falls at a reboot. The caller counts its uptime without the 32-bit tick wrap
 * (`CallerPolicy`, `firmware/core/policy/caller.ts`), so 49.7 days of uptime do not look like
 * a reboot.
 *
 * RAM only: after the receiver's own reboot the first heartbeat of each caller sets the baseline
 * (no report), and a link fault seen again is reported again.
 *
 * Passive (STYLE rule 7): `heartbeat` returns the changes; the receiver app reports them
 * (`caller_link_fault`, `caller_link_ok`, `caller_rebooted`; ARCHITECTURE §3).
 */
import { HeartbeatStatus } from "../frame/types.ts";

/** A change `heartbeat` reports. */
export type CallerReport =
  | { kind: "link_fault" }
  | { kind: "link_ok" }
  /** `previousUptimeS`: the uptime in the last heartbeat before the reboot, s; `uptimeS`: now. */
  | { kind: "rebooted"; previousUptimeS: number; uptimeS: number };

/** The receiver's record of each caller's last heartbeat. */
export class CallerReports {
  readonly #last = new Map<number, { uptimeS: number; linkFault: boolean }>();

  /**
   * A heartbeat from `peer` reached the app.
   * @param status its `HeartbeatStatus` bits (u8).
   * @param uptimeS its uptime, s (u32).
   * @returns the changes, in the order to report them (a reboot first): empty when none.
   */
  heartbeat(peer: number, status: number, uptimeS: number): CallerReport[] {
    const linkFault = (status & HeartbeatStatus.linkFault) !== 0;
    const last = this.#last.get(peer);
    this.#last.set(peer, { uptimeS, linkFault });
    const out: CallerReport[] = [];
    if (last !== undefined && uptimeS < last.uptimeS) out.push({ kind: "rebooted", previousUptimeS: last.uptimeS, uptimeS });
    if (linkFault !== (last?.linkFault ?? false)) out.push({ kind: linkFault ? "link_fault" : "link_ok" });
    return out;
  }

  /** Callers whose last heartbeat said they cannot get the post's acks. */
  linkFaults(): number[] {
    return [...this.#last].filter(([, r]) => r.linkFault).map(([peer]) => peer);
  }
}
