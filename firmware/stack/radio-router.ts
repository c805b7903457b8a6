/**
 * A hal `Radio` over several radios (e.g. ESP-NOW for nearby callers and MQTT for callers on
 * Wi-Fi), so that one app with one `RadioStack` reaches peers on all of them.
 *
 * - **Routing**: each send goes to the first route whose `prefix` starts the peer's address
 *   (e.g. `"mqtt:"` → the MQTT radio); an address no prefix matches goes to the route with
 *   the empty prefix (the default, e.g. MACs → ESP-NOW). No matching route: `RangeError`.
 * - **One send outstanding** (hal `Radio` rule): `busy` from `send` until the chosen radio's
 *   `onSent`, or `abandon()`; `abandon()` abandons it on the radio that has it. An `onSent`
 *   from a radio that holds no outstanding send of the router (a late report after
 *   `abandon`) is dropped.
 * - `onReceive` of every radio reaches the app unchanged; `maxPayload` is the smallest of all
 *   radios' (so a frame fits whichever radio a peer is on); `address` is the first route's.
 *
 * Platform-free: used by the simulator's receiver (`tools/sim/device.ts`) and meant for the
 * receiver board when it runs ESP-NOW and MQTT together.
 */
import type { OpenRadio, Radio, RadioHandlers } from "../hal/radio.ts";

/** One radio of a router and the addresses it serves. */
export interface RadioRoute {
  /** Addresses starting with this string go to `open`'s radio; `""` matches every address. */
  prefix: string;
  open: OpenRadio;
}

/** Options of `RadioRouter`. */
export interface RadioRouterOptions {
  /** 1 or more routes, most specific first; prefixes distinct. The first gives `address`. */
  routes: readonly RadioRoute[];
  handlers: RadioHandlers;
}

/** See the file comment. */
export class RadioRouter implements Radio {
  readonly maxPayload: number;
  readonly address: string;
  readonly #radios: { prefix: string; radio: Radio }[] = [];
  /** The radio holding the outstanding send, if any. */
  #outstanding: Radio | undefined;

  /**
   * Opens every route's radio.
   * @throws TypeError when `routes` is not a non-empty array or `handlers` lacks a callback;
   *   RangeError when two routes have the same prefix (naming it); what an `open` throws
   *   (the radios opened before it are closed).
   */
  constructor(options: RadioRouterOptions) {
    const { routes, handlers } = options;
    if (!Array.isArray(routes) || routes.length === 0) throw new TypeError("routes must be a non-empty array");
    if (!handlers || typeof handlers.onReceive !== "function" || typeof handlers.onSent !== "function") {
      throw new TypeError("handlers must have onReceive and onSent");
    }
    const seen: string[] = [];
    for (let i = 0; i < routes.length; i++) {
      const prefix = routes[i]!.prefix;
      if (typeof prefix !== "string") throw new TypeError(`routes[${i}].prefix must be a string`);
      if (seen.includes(prefix)) throw new RangeError(`routes[${i}].prefix "${prefix}" is given twice`);
      seen.push(prefix);
    }
    try {
      for (const route of routes) {
        const holder: { radio?: Radio } = {};
        const routed: RadioHandlers = {
          onReceive: (payload, from, rssi) => handlers.onReceive(payload, from, rssi),
          onSent: (ok) => {
            if (this.#outstanding === undefined || this.#outstanding !== holder.radio) return;
            this.#outstanding = undefined;
            handlers.onSent(ok);
          },
        };
        const radio: Radio = route.open(routed);
        holder.radio = radio;
        this.#radios.push({ prefix: route.prefix, radio });
      }
    } catch (err) {
      for (const r of this.#radios) r.radio.close();
      throw err;
    }
    this.address = this.#radios[0]!.radio.address;
    let max = this.#radios[0]!.radio.maxPayload;
    for (const r of this.#radios) if (r.radio.maxPayload < max) max = r.radio.maxPayload;
    this.maxPayload = max;
  }

  get busy(): boolean {
    return this.#outstanding !== undefined;
  }

  /** The radio that `to` is routed to, or undefined when no route matches. */
  routeOf(to: string): Radio | undefined {
    let fallback: Radio | undefined;
    for (const r of this.#radios) {
      if (r.prefix === "") fallback ??= r.radio;
      else if (to.startsWith(r.prefix)) return r.radio;
    }
    return fallback;
  }

  /**
   * Sends on the radio `to` is routed to.
   * @throws Error if busy; RangeError if no route matches `to`, or the payload is empty or over
   *   `maxPayload`; what the chosen radio's `send` throws (the router is then not busy).
   */
  send(to: string, payload: Uint8Array): void {
    if (this.busy) throw new Error("radio busy: one send outstanding");
    if (!(payload instanceof Uint8Array) || payload.length < 1 || payload.length > this.maxPayload) {
      throw new RangeError(`payload must be 1…${this.maxPayload} bytes, got ${payload?.length}`);
    }
    const radio = this.routeOf(to);
    if (radio === undefined) throw new RangeError(`no route for address "${to}"`);
    this.#outstanding = radio;
    try {
      radio.send(to, payload);
    } catch (err) {
      this.#outstanding = undefined;
      throw err;
    }
  }

  abandon(): void {
    const radio = this.#outstanding;
    this.#outstanding = undefined;
    radio?.abandon();
  }

  /** Closes every radio. */
  close(): void {
    this.#outstanding = undefined;
    for (const r of this.#radios) r.radio.close();
  }
}

/** A hal `OpenRadio` for a router over `routes`. @throws as `RadioRouter`'s constructor. */
export function openRadioRouter(routes: readonly RadioRoute[]): OpenRadio {
  return (handlers) => new RadioRouter({ routes, handlers });
}
