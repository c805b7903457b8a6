/**
 * Imported by a group entry file (test/support/short-file-groups.ts) just before each member test
 * file, as `group-member.js?file=<member>`: every import with another `file` is its own module
 * instance, evaluated in import order, so while a member's top level runs (where ava tests are
 * declared) `current` names that member.
 *
 * At its first evaluation it wraps the `test` function that ava hands to test files
 * (`import test from "ava"` resolves to ava's `refs.runnerChain`, read when ava's main entry is
 * first evaluated — after this module, which the group entry imports first), so every declared
 * test and hook title becomes `<member path> › <title>`: a failure names the original file, and
 * two members may declare the same title. Chained forms (`test.serial`, `test.failing.skip`, …)
 * are wrapped alike. A title computed by a macro is left alone.
 *
 * Throws when ava's worker state is not where ava 7 keeps it (ava upgraded): every group then
 * fails at once, naming this file, rather than running with unprefixed titles.
 */
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const state = require(path.join(path.dirname(require.resolve("ava")), "../lib/worker/state.cjs"));

/** The member whose top level is being evaluated (repo-relative path). */
let current = new URL(import.meta.url).searchParams.get("file") ?? "";
const WRAPPED = Symbol.for("warning-bell.group-member.wrapped");

/**
 * @param {Function} fn a function of ava's test chain
 * @returns {Function} the same, prefixing a string first argument with the current member
 */
function wrap(fn) {
  return new Proxy(fn, {
    apply(target, self, args) {
      const titled = typeof args[0] === "string" ? [`${current} › ${args[0]}`, ...args.slice(1)] : args;
      return Reflect.apply(target, self, titled);
    },
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      // A proxy must return a non-configurable, non-writable property as it is (ava's `default`).
      if (own !== undefined && !own.configurable && !own.writable) return value;
      return typeof value === "function" ? wrap(value) : value;
    },
  });
}

const runner = globalThis[WRAPPED];
if (runner === undefined) {
  if (typeof state?.refs?.runnerChain !== "function") {
    throw new Error("test/support/group-member.js: ava's test chain is not at lib/worker/state.cjs refs.runnerChain (ava upgraded?); grouped test files cannot run");
  }
  if (state.flags.loadedMain) {
    throw new Error("test/support/group-member.js: ava's main entry was loaded before the group's first member; titles could not be prefixed");
  }
  state.refs.runnerChain = wrap(state.refs.runnerChain);
  globalThis[WRAPPED] = (file) => {
    current = file;
  };
} else {
  runner(current);
}
