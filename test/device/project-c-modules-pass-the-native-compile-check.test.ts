// `make check-native` (the C part of `make check-device`) compiles every C file of the project
// (espnow.c, console-uart.c) with the generated Moddable makefile's own rule — Moddable 8.2.3's
// defines and include paths — against the real ESP-IDF v6.0 and newlib headers, host gcc -m32
// standing in for xtensa gcc, warnings as errors (tools/toolchain/check-device.sh).
import test from "ava";
import { HAVE_TOOLCHAINS, TOOLCHAINS_ABSENT, runMake } from "../support/toolchains.ts";

if (!HAVE_TOOLCHAINS) test.skip(`make check-native: ${TOOLCHAINS_ABSENT}`, () => {});
else {
  test("espnow.c and console-uart.c compile cleanly with Moddable's rule against the ESP-IDF v6.0 headers", async (t) => {
    t.timeout(10 * 60_000, "a cold run builds the Moddable host tools");
    const result = await runMake(["check-native"]);
    t.is(result.status, 0, result.stderr);
    for (const file of ["firmware/espnow/espnow.c", "firmware/moddable/console-uart.c"]) {
      const line = result.stdout.split("\n").find((l) => l.includes(`${file} -o `));
      t.truthy(line, `${file} was compiled`);
      t.regex(line!, /host-cc\.sh /);
      t.regex(line!, / -DESP32=1 .*-DmxInstrument=1 /, "Moddable's C_DEFINES (instrumented build)");
      t.regex(line!, /-I\S*esp-idf-v6\.0\/components\/esp_wifi\/include /, "the real ESP-IDF include path");
      t.regex(line!, /-I\S*moddable-8\.2\.3\/xs\/platforms\/esp /, "Moddable's xsHost.h");
      t.regex(line!, / -Wall -Wextra -Werror /);
    }
  });
}
