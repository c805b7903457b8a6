/**
 * Moddable legacy `wifi` (`modules/network/wifi/esp32/wifi.js`, `documentation/network/network.md`
 * §WiFi). Include `$(MODDABLE)/modules/network/wifi/manifest.json` explicitly. Setting `mode`
 * starts Wi-Fi (`esp_wifi_init` without NVS, `esp_wifi_start`) without joining any network.
 */
declare module "wifi" {
  export type WiFiMessage = "connect" | "gotIP" | "lostIP" | "disconnect" | "station_connect" | "station_disconnect";

  export interface WiFiOptions {
    ssid: string;
    password?: string;
    bssid?: ArrayBuffer;
  }

  export default class WiFi {
    static readonly Mode: { readonly off: -5; readonly none: 0; readonly station: 1; readonly accessPoint: 2 };
    /** −5 off, 0 none, 1 station, 2 access point, 3 both. Setting it starts or stops Wi-Fi. */
    static mode: -5 | 0 | 1 | 2 | 3;
    constructor(options?: WiFiOptions, onNotify?: (message: WiFiMessage, reason?: number) => void);
    close(): void;
    static connect(options?: WiFiOptions): void;
    static disconnect(): void;
  }
}
