/**
 * Moddable `net` (`modules/network/net/esp/modNet.c`, `documentation/network/network.md` §Net).
 * Values are `undefined` while the interface does not exist (Wi-Fi not started).
 */
declare module "net" {
  const Net: {
    get(what: "IP" | "MAC", interface_?: "station" | "ap" | "ethernet"): string | undefined;
    get(what: "SSID" | "BSSID"): string | undefined;
    get(what: "RSSI" | "CHANNEL"): number | undefined;
    get(what: "DNS"): string[] | undefined;
    resolve(host: string, callback: (host: string, address?: string) => void): void;
  };
  export default Net;
}
