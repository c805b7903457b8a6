/// <reference path="../../firmware/moddable/types/embedded-io-serial.d.ts" />
/**
 * Claim (issue 14 leftover, D7 of the last review): the ECMA-419 Serial the modem UART adapter
 * opens is declared once, in `firmware/moddable/types/embedded-io-serial.d.ts` (what Moddable
 * 8.2.3's ESP32 `serial.js`/`serial.c` do). The adapter (`firmware/moddable/serial.ts`) takes its
 * types from that module and declares no shape of its own beside it, so the host type-check, the
 * device type-check (`tsc -p firmware/moddable`) and `make check-device` all see one definition.
 * The type-level half (the adapter's `SerialClass` is the declared class) is checked by
 * `tsc --noEmit -p .`, which type-checks this file; the source half runs here.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import type SdkSerial from "embedded:io/serial";
import type { SerialClass } from "../../firmware/moddable/serial.ts";

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails `tsc` unless the adapter's Serial class type is the declared one. */
const sameClass: Same<SerialClass, typeof SdkSerial> = true;

const adapter = readFileSync(new URL("../../firmware/moddable/serial.ts", import.meta.url), "utf8");
const declaration = readFileSync(new URL("../../firmware/moddable/types/embedded-io-serial.d.ts", import.meta.url), "utf8");

test("the adapter declares no Serial options or instance shape of its own", (t) => {
  t.true(sameClass);
  const own = [...adapter.matchAll(/^(?:export )?(?:interface|type|class) (Serial\w*)\b/gm)].map((m) => m[1]);
  t.deepEqual(
    own.filter((name) => name !== "SerialClass"),
    [],
    "shapes of ECMA-419 Serial declared in serial.ts beside types/embedded-io-serial.d.ts",
  );
  t.regex(adapter, /from "embedded:io\/serial"/, "the adapter imports its types from the declared module");
});

test("the one declaration holds every member the adapter uses", (t) => {
  for (const member of ["port: number", "receive: number", "transmit: number", "baud: number", 'format: "buffer"', "onReadable", "onWritable", "read(): ArrayBuffer | undefined", "write(buffer: ArrayBuffer): void", "close(): void"]) {
    t.true(declaration.includes(member), `embedded-io-serial.d.ts declares ${member}`);
  }
});
