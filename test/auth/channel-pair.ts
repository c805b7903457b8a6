/** Test fixture: a receiver and two callers with their own keys and their own Map stores. */
import { SecureChannel, type ChannelOptions } from "../../firmware/core/channel.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";
import { MapStore } from "./map-store.ts";

export const RECEIVER = 0x0000_0064;
export const CLINIC = 0x0a0b_0c0d;
export const BANK = 0x0a0b_0c0e;
export const CLINIC_KEY = Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i);
export const BANK_KEY = Uint8Array.from({ length: 16 }, (_, i) => 0x80 + i);

export interface Pair {
  receiverStore: MapStore;
  clinicStore: MapStore;
  bankStore: MapStore;
  receiver: SecureChannel;
  clinic: SecureChannel;
  bank: SecureChannel;
  /** Builds a new channel on an existing store: a reboot. */
  reboot(who: "receiver" | "clinic" | "bank"): SecureChannel;
}

export function makePair(extra: Partial<ChannelOptions> = {}): Pair {
  const receiverStore = new MapStore();
  const clinicStore = new MapStore();
  const bankStore = new MapStore();
  const build = (who: "receiver" | "clinic" | "bank"): SecureChannel => {
    switch (who) {
      case "receiver":
        return new SecureChannel({ self: RECEIVER, keys: new Map([[CLINIC, CLINIC_KEY], [BANK, BANK_KEY]]), hmac: hmacSha256, store: receiverStore, ...extra });
      case "clinic":
        return new SecureChannel({ self: CLINIC, keys: new Map([[RECEIVER, CLINIC_KEY]]), hmac: hmacSha256, store: clinicStore, ...extra });
      case "bank":
        return new SecureChannel({ self: BANK, keys: new Map([[RECEIVER, BANK_KEY]]), hmac: hmacSha256, store: bankStore, ...extra });
    }
  };
  return { receiverStore, clinicStore, bankStore, receiver: build("receiver"), clinic: build("clinic"), bank: build("bank"), reboot: build };
}
