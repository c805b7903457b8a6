/**
 * XS engine globals used by the device code (Moddable SDK `xs/includes/xs.d.ts`,
 * `documentation/xs/XS in C.md`). Written for this project from the SDK documentation; only
 * what `firmware/` uses. Part of the device type-check project (`firmware/moddable/tsconfig.json`),
 * never of the Node one.
 */

/** Writes text to the debug console (serial). Adds no newline. */
declare function trace(...text: (string | number | boolean)[]): void;

/**
 * A base class whose instances carry host data released by the named C destructor, e.g.
 * `class EspNow extends Native("xs_espnow_destructor")`. Resolved by `xsc -c` at build time.
 */
declare function Native(destructor: string): new (...args: any[]) => any;

/** The C function `name` as a JavaScript function, e.g. `native("xs_espnow_send").call(this, …)`. */
declare function native(name: string): (...args: any[]) => any;

interface ObjectConstructor {
  /** XS extension: `deep` freezes every object reachable from `o`. */
  freeze<T>(o: T, deep?: boolean): Readonly<T>;
}
