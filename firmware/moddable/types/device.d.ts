/**
 * The `device` global (ECMA-419 host provider, `embedded:provider/builtin`), created by the
 * preloaded `system` module when the build includes `$(MODDABLE)/modules/io/manifest.json`.
 * `device.pin` is the target's named pins, e.g. esp32/nodemcu `{button: 0, led: 2}`
 * (`build/devices/esp32/targets/nodemcu/host/provider.js`); a bare `-p esp32` has none.
 */
declare var device: {
  readonly io: {
    readonly Digital: typeof import("embedded:io/digital").default;
    readonly PWM: typeof import("embedded:io/pwm").default;
    readonly Serial: typeof import("embedded:io/serial").default;
  };
  readonly pin: { readonly [name: string]: number };
};
