/**
 * Records how long each test file took, for `test/run.sh`'s "slowest test files" list.
 *
 * Loaded into every ava worker process by `nodeArguments` (ava.config.js). It does nothing unless
 * `WB_TEST_TIMES_DIR` names a directory. Then it learns the worker's test file from ava's
 * `options` message and, when ava frees the worker (its `free-worker` message: every test of the
 * file has finished), writes one JSON file into that directory:
 * `{ file, wall_ms, cpu_ms, known_failing? }` — wall time since the worker process started (so loading the file and
 * its imports counts) and the process's CPU time (user + system) at that moment — the worker's
 * own, not that of programs it starts (`bell` children, mosquitto, xsnap), so a file that mostly
 * waits on such a child shows wall ≫ CPU; `known_failing`, when not 0, counts the file's
 * `test.failing` tests that failed as expected (ava's TAP summary counts them as passed).
 *
 * A group of short files (test/support/short-file-groups.ts) is one worker: its record is the
 * group entry's, plus `members`, each member's summed test durations (ms, from ava's own
 * `test-passed`/`test-failed` messages, which this module reads by wrapping `process.send`; a
 * grouped title starts with its member's path).
 *
 * A worker that crashes or times out writes nothing; `run.sh` lists only the files it has.
 * The listener removes itself at `free-worker`, so it never keeps the IPC channel open.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.env.WB_TEST_TIMES_DIR;

interface AvaMessage {
  ava?: { type?: string; options?: { file?: string }; title?: string; duration?: number; knownFailing?: boolean };
}

/** The separator test/support/group-member.js puts between a member's path and a title. */
const MEMBER_SEPARATOR = " › ";

if (dir && typeof process.send === "function") {
  let file: string | undefined;
  /** member path → summed durations of its finished tests, ms (grouped files only) */
  const members: Record<string, number> = {};
  /** `test.failing` tests that failed as expected (ava's TAP summary counts them as passed). */
  let knownFailing = 0;
  const send = process.send.bind(process) as (...args: unknown[]) => boolean;
  process.send = ((message: unknown, ...rest: unknown[]) => {
    const ava = (message as AvaMessage | null)?.ava;
    if (ava?.type === "test-passed" && ava.knownFailing === true) knownFailing++;
    if ((ava?.type === "test-passed" || ava?.type === "test-failed") && typeof ava.title === "string" && typeof ava.duration === "number") {
      const cut = ava.title.indexOf(MEMBER_SEPARATOR);
      const member = cut > 0 ? ava.title.slice(0, cut) : "";
      if (member.endsWith(".test.ts")) members[member] = (members[member] ?? 0) + ava.duration;
    }
    return send(message, ...rest);
  }) as typeof process.send;
  const onMessage = (message: unknown) => {
    const ava = (message as AvaMessage | null)?.ava;
    if (ava?.type === "options") file = ava.options?.file;
    if (ava?.type !== "free-worker") return;
    process.off("message", onMessage);
    if (file === undefined) return;
    const cpu = process.cpuUsage();
    const absolute = file.startsWith("file:") ? fileURLToPath(file) : file;
    const record = { file: path.relative(process.cwd(), absolute), wall_ms: Math.round(performance.now()), cpu_ms: Math.round((cpu.user + cpu.system) / 1000), ...(Object.keys(members).length > 0 ? { members } : {}), ...(knownFailing > 0 ? { known_failing: knownFailing } : {}) };
    writeFileSync(path.join(dir, `${process.pid}.json`), `${JSON.stringify(record)}\n`);
  };
  process.on("message", onMessage);
}
