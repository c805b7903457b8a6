/**
 * Fakes of the Moddable SDK pieces the device adapters take through `ModdableSdk`
 * (`firmware/moddable/sdk.ts`): the edge of the device code, and nothing above it.
 * Each factory returns a fresh fake plus what it recorded; nothing is shared between tests.
 */
import { createHmac } from "node:crypto";
import type { DigitalOptions } from "../../firmware/moddable/digital.ts";
import type { PeerRadio, PeerRadioOptions, ModdableSdk } from "../../firmware/moddable/sdk.ts";

/** A fake ECMA-419 Digital class; `opened` lists every instance in order of construction. */
export function fakeDigital() {
  const opened: FakePin[] = [];
  class FakePin {
    static readonly InputPullUp = 1;
    static readonly Output = 8;
    static readonly Rising = 1;
    static readonly Falling = 2;
    level: number;
    readonly writes: number[] = [];
    closed = false;
    constructor(readonly options: DigitalOptions) {
      this.level = options.initialValue ?? 1;
      opened.push(this);
    }
    read(): number {
      return this.level;
    }
    write(value: 0 | 1): void {
      this.writes.push(value);
      this.level = value;
    }
    close(): void {
      this.closed = true;
    }
  }
  return { Digital: FakePin, opened };
}

/** A fake Moddable Preference: domain → key → value, ArrayBuffers copied in and out like NVS. */
export function fakePreference(initial: Record<string, Record<string, string | number | boolean | ArrayBuffer>> = {}) {
  const domains = new Map<string, Map<string, string | number | boolean | ArrayBuffer>>();
  for (const [domain, entries] of Object.entries(initial)) domains.set(domain, new Map(Object.entries(entries)));
  const writes: { domain: string; key: string; value: unknown }[] = [];
  let failWrites: string | undefined;
  const preference = {
    set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void {
      if (failWrites !== undefined) throw new Error(failWrites);
      if (typeof value === "object" && !(value instanceof ArrayBuffer)) throw new Error("unsupported type");
      writes.push({ domain, key, value });
      if (!domains.has(domain)) domains.set(domain, new Map());
      domains.get(domain)!.set(key, value instanceof ArrayBuffer ? value.slice(0) : value);
    },
    get(domain: string, key: string) {
      const value = domains.get(domain)?.get(key);
      return value instanceof ArrayBuffer ? value.slice(0) : value;
    },
    delete(domain: string, key: string): void {
      domains.get(domain)?.delete(key);
    },
    keys(domain: string): string[] {
      return [...(domains.get(domain)?.keys() ?? [])];
    },
  };
  return {
    preference,
    writes,
    domains,
    /** Makes every later `set` throw like NVS does ("nvs set fail"). */
    failWritesWith(message: string) {
      failWrites = message;
    },
  };
}

/** A fake Digest/HMAC pair computing real HMAC-SHA256 with node:crypto, in Moddable's API shape. */
export function fakeHmacModules() {
  const calls: string[] = [];
  class Digest {
    readonly blockSize = 64;
    readonly outputSize = 32;
    constructor(readonly algorithm: string) {
      calls.push(`Digest(${algorithm})`);
    }
  }
  class HMAC {
    readonly #mac;
    constructor(digest: Digest, key: ArrayBuffer) {
      if (!(key instanceof ArrayBuffer)) throw new TypeError("key must be an ArrayBuffer");
      calls.push(`HMAC(${digest.algorithm}, ${key.byteLength} bytes)`);
      this.#mac = createHmac(digest.algorithm === "SHA256" ? "sha256" : digest.algorithm, new Uint8Array(key));
    }
    update(...data: ArrayBuffer[]): void {
      for (const d of data) {
        if (!(d instanceof ArrayBuffer)) throw new TypeError("data must be an ArrayBuffer");
        calls.push(`update(${d.byteLength} bytes)`);
        this.#mac.update(new Uint8Array(d));
      }
    }
    close(): ArrayBuffer {
      calls.push("close");
      const tag = this.#mac.digest();
      return tag.buffer.slice(tag.byteOffset, tag.byteOffset + tag.byteLength) as ArrayBuffer;
    }
    sign(): never {
      throw new Error("sign() calls this.write, which Moddable's HMAC lacks");
    }
  }
  return { Digest, HMAC, calls };
}

/** A fake ESP-NOW radio as `ModdableSdk.openEspNow` returns it. */
export interface FakeRadio extends PeerRadio {
  readonly options: PeerRadioOptions;
  readonly peers: string[];
  readonly sent: { to: string; payload: Uint8Array }[];
  closed: boolean;
}

/** A complete fake `ModdableSdk`; `calls` records the Wi-Fi and radio calls in order. */
export function fakeSdk(options: { preference?: Parameters<typeof fakePreference>[0]; pins?: unknown; address?: string } = {}) {
  const calls: string[] = [];
  const traces: string[] = [];
  const radios: FakeRadio[] = [];
  const pins = fakeDigital();
  const prefs = fakePreference(options.preference);
  const hmacs = fakeHmacModules();
  let ticks = 1000;
  const address = options.address ?? "24:0a:c4:00:00:01";
  const sdk: ModdableSdk<{ id: number }, InstanceType<typeof hmacs.Digest>> = {
    time: {
      get ticks() {
        return ticks;
      },
    },
    timer: {
      set: (_callback: () => void, _delayMs: number) => ({ id: 1 }),
      clear: () => {},
    },
    preference: prefs.preference,
    Digest: hmacs.Digest,
    HMAC: hmacs.HMAC,
    rng: { get: (count: number) => new Uint8Array(count).fill(7).buffer },
    Digital: pins.Digital,
    config: { board: "test", pins: options.pins ?? { button: 27, led: 2, siren: 26, acknowledge: 32, reset: 33 } },
    devicePins: { button: 0, led: 2 },
    trace: (text: string) => traces.push(text),
    dateNow: () => 0,
    stationAddress: () => {
      calls.push("stationAddress");
      return address;
    },
    startStation: () => {
      calls.push("startStation");
    },
    openEspNow: (radioOptions: PeerRadioOptions) => {
      calls.push(`openEspNow(channel ${radioOptions.channel})`);
      const radio: FakeRadio = {
        options: radioOptions,
        peers: [],
        sent: [],
        closed: false,
        maxPayload: 250,
        address,
        busy: false,
        addPeer(peer: string) {
          calls.push(`addPeer(${peer})`);
          this.peers.push(peer);
        },
        send(to: string, payload: Uint8Array) {
          this.sent.push({ to, payload });
        },
        abandon() {},
        close() {
          this.closed = true;
        },
      };
      radios.push(radio);
      return radio;
    },
  };
  return {
    sdk,
    calls,
    traces,
    radios,
    pins,
    prefs,
    /** Moves the fake `Time.ticks` on by `ms`. */
    advance(ms: number) {
      ticks = (ticks + ms) | 0;
    },
  };
}

/** The JSON event lines a fake SDK's trace printed (plain sentences are skipped). */
export function eventLines(traces: readonly string[]): Record<string, unknown>[] {
  return traces.filter((t) => t.startsWith("{")).map((t) => JSON.parse(t) as Record<string, unknown>);
}
