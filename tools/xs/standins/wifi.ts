/**
 * Stand-in for Moddable's `wifi` module inside the XS engine: only `WiFi.mode`, which the
 * firmware sets to station before it opens ESP-NOW (the ESP-NOW natives check it, as
 * `espnow.c` checks `esp_wifi_get_mode`). Joining an access point is not simulated.
 */

const MODE = Object.freeze({ off: -5, none: 0, station: 1, accessPoint: 2 } as const);

/** Wi-Fi mode of this machine (the radio is one per chip). */
let mode = 0;

export default class WiFi {
  static readonly Mode = MODE;

  /** −5 off, 0 none, 1 station, 2 access point, 3 both. */
  static get mode(): number {
    return mode;
  }

  /** @throws RangeError for another value. */
  static set mode(value: number) {
    if (![-5, 0, 1, 2, 3].includes(value)) throw new RangeError(`WiFi.mode: invalid mode ${value}`);
    mode = value;
  }

  /** Not simulated. @throws Error */
  constructor() {
    throw new Error("WiFi: joining an access point is not simulated (the firmware uses ESP-NOW only)");
  }
}
