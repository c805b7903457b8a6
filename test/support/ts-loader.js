/**
 * `node --import=./test/support/ts-loader.js`: registers test/support/ts-hooks.js, which loads the
 * project's TypeScript compiled once per content (build/ts-cache/), and maps stack traces back to
 * the `.ts` lines through the inline source maps.
 */
import { register } from "node:module";

register("./ts-hooks.js", import.meta.url);
process.setSourceMapsEnabled(true);
