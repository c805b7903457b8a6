/**
 * A node for link tests: one `Link` wired to a `LossyMedium` and a `VirtualLoop`, recording
 * what its app sees (messages received, deliveries, give-ups, attempts) with elapsed times.
 */
import type { Message } from "../../../firmware/core/frame/types.ts";
import { Link, type LinkOptions, type ReliableMessage } from "../../../firmware/core/link/link.ts";
import type { Ticks } from "../../../firmware/core/ticks.ts";
import type { LossyMedium } from "./lossy-medium.ts";
import type { Participant, VirtualLoop } from "./virtual-loop.ts";

export interface Logged<T> {
  at: number;
  peer: number;
  message: ReliableMessage | Message;
  info: T;
}

export class LinkNode implements Participant {
  readonly id: number;
  link: Link;
  readonly inbox: { at: number; peer: number; message: Message }[] = [];
  /** Every frame that reached this node, in arrival order (kind and seq). */
  readonly arrivals: { at: number; kind: Message["kind"]; seq: number }[] = [];
  readonly delivered: Logged<{ seq: number; attempts: number; sentAt: Ticks; ackedAt: Ticks }>[] = [];
  readonly gaveUp: Logged<{ seq: number; attempts: number; reason: string }>[] = [];
  readonly attempts: Logged<{ seq: number; attempt: number }>[] = [];
  readonly #loop: VirtualLoop;
  readonly #medium: LossyMedium;
  readonly #options: Omit<LinkOptions, "transmit">;

  constructor(id: number, loop: VirtualLoop, medium: LossyMedium, options: Omit<LinkOptions, "transmit">) {
    this.id = id;
    this.#loop = loop;
    this.#medium = medium;
    this.#options = options;
    this.link = this.#makeLink(options);
    medium.attach(id, {
      receive: (frame, now) => {
        this.arrivals.push({ at: loop.elapsedMs, kind: frame.kind, seq: frame.seq });
        const message = this.link.receive(frame, now);
        if (message !== undefined) this.inbox.push({ at: loop.elapsedMs, peer: frame.sender, message });
      },
    });
    loop.add(this);
  }

  /** Replaces the link with a fresh one (a reboot: RAM state lost), with optional new options. */
  reboot(options: Partial<Omit<LinkOptions, "transmit">> = {}): void {
    this.link = this.#makeLink({ ...this.#options, ...options });
  }

  nextDeadline(): Ticks | undefined {
    return this.#medium.isDown(this.id) ? undefined : this.link.nextDeadline();
  }

  poll(now: Ticks): void {
    this.link.poll(now);
  }

  #makeLink(options: Omit<LinkOptions, "transmit">): Link {
    const loop = this.#loop;
    return new Link({
      ...options,
      transmit: (peer, payload) => this.#medium.send(this.id, peer, payload),
      onDelivered: (peer, message, info) => {
        this.delivered.push({ at: loop.elapsedMs, peer, message, info });
        options.onDelivered?.(peer, message, info);
      },
      onGaveUp: (peer, message, info) => {
        this.gaveUp.push({ at: loop.elapsedMs, peer, message, info });
        options.onGaveUp?.(peer, message, info);
      },
      onAttempt: (peer, message, info) => {
        this.attempts.push({ at: loop.elapsedMs, peer, message, info });
        options.onAttempt?.(peer, message, info);
      },
    });
  }
}
