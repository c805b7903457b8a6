import type { DeviceHal } from "../hal/device.ts";
import type { Radio } from "../hal/radio.ts";
import type { AckMessage, Message } from "../core/frame/types.ts";
import type { Ticks } from "../core/ticks.ts";
import { earliest } from "../core/ticks.ts";
import { SecureChannel } from "../core/channel.ts";
import { Link, type LinkOptions } from "../core/link/link.ts";
import { TRANSMIT_PRIORITY, TransmitQueue } from "../core/link/transmit-queue.ts";
import { DeadlineTimer } from "./deadline-timer.ts";
import { storeErrorFields } from "../core/events.ts";

/** A peer of this device on the radio. */
export interface StackPeer {
  /** Node id (u32). */
  nodeId: number;
  /** Radio address (MAC for ESP-NOW). */
  address: string;
  /** The 16-byte key that authenticates frames with this peer. */
  key: Uint8Array;
}

/** A frame sealed while a received message is handled, sent once the app has handled it. */
interface HeldFrame {
  to: string;
  bytes: Uint8Array;
  priority: number;
}

/** Options of a `RadioStack`. */
export interface RadioStackOptions {
  hal: DeviceHal;
  /** This device's node id. */
  self: number;
  peers: readonly StackPeer[];
  /**
   * A message from `peer` for the app (acks and duplicates never reach here). Returning `false`
   * refuses it: its ack is not sent and the link forgets it, so the sender retransmits and the
   * next copy reaches the app again (the receiver refuses an alarm it could not record).
   */
  onMessage(peer: number, message: Message, now: Ticks): boolean | void;
  /** Any authenticated frame from `peer` arrived (supervision counts it as "heard"). */
  onHeard?(peer: number, now: Ticks): void;
  onDelivered?: LinkOptions["onDelivered"];
  onGaveUp?: LinkOptions["onGaveUp"];
  onAttempt?: LinkOptions["onAttempt"];
}

/**
 * The radio side of an app, shared by caller and receiver:
 * Radio ⇄ TransmitQueue (one send outstanding) ⇄ SecureChannel (tag, counter, replay) ⇄ Link
 * (ack, retransmission, duplicate suppression). Rejected frames become `frame_rejected` events
 * and are otherwise dropped. One hal timer serves every deadline of the stack.
 */
export class RadioStack {
  readonly link: Link;
  readonly channel: SecureChannel;
  readonly #queue: TransmitQueue;
  readonly #radio: Radio;
  readonly #timer: DeadlineTimer;
  readonly #hal: DeviceHal;
  readonly #address = new Map<number, string>();
  /**
   * Frames sealed while a received message is being handled (its ack first): they go to the
   * transmit queue only once the app has handled that message. The app records an alarm in
   * flash synchronously, so the ack never leaves before the incident is written: a power cut in
   * between leaves the caller unacked, retransmitting, instead of "delivered" to a post that
   * never recorded it (ARCHITECTURE §6: a receiver reboot loses no open incident).
   * `#holding` is set while such a message is handled; the list is made at the first frame held
   * (none for a received ack: no list per frame, issue 15 §3).
   */
  #holding = false;
  #held: HeldFrame[] | undefined;

  constructor(options: RadioStackOptions) {
    const { hal } = options;
    this.#hal = hal;
    for (const p of options.peers) this.#address.set(p.nodeId, p.address);
    this.channel = new SecureChannel({
      self: options.self,
      keys: new Map(options.peers.map((p) => [p.nodeId, p.key])),
      hmac: hal.hmac,
      store: hal.store,
      // A replay mark that cannot be written must not make this device deaf: report it, accept.
      onStoreError: (key, err) => hal.events.emit("store_error", storeErrorFields("replay mark", err, key)),
    });
    this.#radio = hal.openRadio({
      onReceive: (payload) => this.#receive(payload),
      onSent: (ok) => this.#sent(ok),
    });
    const radio = this.#radio;
    this.#queue = new TransmitQueue({
      send: (to, bytes) => radio.send(to, bytes),
      abandon: () => radio.abandon(),
    });
    this.link = new Link({
      random: hal.random,
      transmit: (peer, payload, now) => {
        const to = this.#address.get(peer);
        if (to === undefined) return; // unreachable: the link only sends to peers given here
        // `Link.transmit` must not throw. `seal` throws when the frame counter cannot reserve
        // its next block in the store (worn or full flash) or is used up. A failed reservation
        // is reported and the frame sealed with a counter continued in RAM: a flash that stays
        // dead must not silence an alarm (docs/protocol.md §6 states what that costs after a
        // reboot). A used-up counter loses the frame like a frame lost in the air. Letting either
        // escape would abort the link's step (an alarm raised at boot would stop the app from
        // starting, and the stack's timer would stay unarmed).
        let bytes: Uint8Array;
        try {
          bytes = this.channel.seal(peer, payload);
        } catch (err) {
          hal.events.emit("store_error", storeErrorFields("frame counter", err));
          try {
            bytes = this.channel.sealUnreserved(peer, payload);
          } catch {
            return; // counter used up: reported above
          }
        }
        const priority = TRANSMIT_PRIORITY[payload.kind];
        if (this.#holding) (this.#held ??= []).push({ to, bytes, priority });
        else this.#queue.enqueue(to, bytes, now, priority);
      },
      onDelivered: options.onDelivered,
      onGaveUp: options.onGaveUp,
      onAttempt: options.onAttempt,
    });
    this.#onMessage = options.onMessage;
    this.#onHeard = options.onHeard;
    this.#timer = new DeadlineTimer({
      clock: hal.clock,
      scheduler: hal.scheduler,
      nextDeadline: () => earliest(this.link.nextDeadline(), this.#queue.nextDeadline()),
      onDue: (now) => {
        this.link.poll(now);
        this.#queue.poll(now);
      },
    });
  }

  readonly #onMessage: RadioStackOptions["onMessage"];
  readonly #onHeard: RadioStackOptions["onHeard"];

  /** Sends a reliable message to `peer`; returns the link's seq for it. */
  send(peer: number, message: Exclude<Message, AckMessage>): number {
    let seq = 0;
    this.#step((now) => {
      seq = this.link.send(peer, message, now);
    });
    return seq;
  }

  /** Stops the radio and the stack's timer (power off). */
  stop(): void {
    this.#timer.stop();
    this.#radio.close();
  }

  /** A send-done, as one step (see `#step`; written out: no closure per frame). */
  #sent(ok: boolean): void {
    try {
      this.#queue.sent(ok, this.#hal.clock.now());
    } finally {
      this.#timer.rearm();
    }
  }

  /** A received frame, as one step (see `#step`; written out: no closure per frame). */
  #receive(bytes: Uint8Array): void {
    try {
      const now = this.#hal.clock.now();
      const result = this.channel.open(bytes, now);
      if (!result.ok) {
        this.#hal.events.emit("frame_rejected", { reason: result.reason });
        return;
      }
      const frame = result.frame;
      this.#onHeard?.(frame.sender, now);
      this.#holding = true;
      try {
        const message = this.link.receive(frame, now);
        const acks = this.#heldCount(); // the link's ack of this frame, sealed by `receive`
        if (message !== undefined && this.#onMessage(frame.sender, message, now) === false) {
          this.#held?.splice(0, acks);
          this.link.withdraw(frame);
        }
      } finally {
        this.#holding = false;
        const held = this.#held;
        this.#held = undefined;
        if (held !== undefined) for (const f of held) this.#queue.enqueue(f.to, f.bytes, now, f.priority);
      }
    } finally {
      this.#timer.rearm();
    }
  }

  /** Frames held so far while a received message is handled. */
  #heldCount(): number {
    return this.#held === undefined ? 0 : this.#held.length;
  }

  /**
   * Runs one step with the clock read once, then re-arms the stack's timer, also when the step
   * threw (the throw goes on to the caller): a retransmission must never wait for an unrelated
   * event because one step failed.
   */
  #step(body: (now: Ticks) => void): void {
    try {
      body(this.#hal.clock.now());
    } finally {
      this.#timer.rearm();
    }
  }
}
