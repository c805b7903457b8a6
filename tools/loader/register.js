/**
 * The project's TypeScript loader, for every Node process that runs our `.ts` files: `bell`
 * (tools/bin/bell.js imports it), `make sim`, `make bench` and its children, ava's workers
 * (ava.config.js). Use: `node --import ./tools/loader/register.js file.ts`, or import it before
 * the first `.ts` import. It registers tools/loader/hooks.js (esbuild, compiled once per content
 * into build/ts-cache/) and maps stack traces back to the `.ts` lines through the inline source
 * maps.
 *
 * `WB_LOADER=tsx` (or the older `WB_TEST_LOADER=tsx`) registers tsx's hooks instead, as before
 * issue 15; child processes inherit the variable, so a whole run changes loader at once.
 */
import { register } from "node:module";

if (process.env.WB_LOADER === "tsx" || process.env.WB_TEST_LOADER === "tsx") {
  const tsx = await import("tsx/esm/api");
  tsx.register();
} else {
  register("./hooks.js", import.meta.url);
  process.setSourceMapsEnabled(true);
}
