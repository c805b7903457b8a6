/**
 * The `System` global of the Moddable SDK, created by the preloaded `system` module when the build
 * includes `$(MODDABLE)/modules/io/manifest.json` (`modules/io/system/system.js`,
 * `reference/moddable.md` §2.4). Only what `firmware/` uses. Part of the device type-check
 * project (`firmware/moddable/tsconfig.json`), never of the Node one.
 */
declare var System: {
  /** Restarts the microcontroller (ESP32: `esp_restart()`). Does not return. */
  restart(): void;
};
