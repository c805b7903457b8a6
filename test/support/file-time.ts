/**
 * Records how long each test file took, for `test/run.sh`'s "slowest test files" list.
 *
 * Loaded into every ava worker process by `nodeArguments` (ava.config.js). It does nothing unless
 * `WB_TEST_TIMES_DIR` names a directory. Then it learns the worker's test file from ava's
 * `options` message and, when ava frees the worker (its `free-worker` message: every test of the
 * file has finished), writes one JSON file into that directory:
 * `{ file, wall_ms, cpu_ms }` — wall time since the worker process started (so loading the file and
 * its imports counts) and the process's CPU time (user + system) at that moment — the worker's
 * own, not that of programs it starts (`bell` children, mosquitto, xsnap), so a file that mostly
 * waits on such a child shows wall ≫ CPU.
 *
 * A worker that crashes or times out writes nothing; `run.sh` lists only the files it has.
 * The listener removes itself at `free-worker`, so it never keeps the IPC channel open.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.env.WB_TEST_TIMES_DIR;

interface AvaMessage {
  ava?: { type?: string; options?: { file?: string } };
}

if (dir && typeof process.send === "function") {
  let file: string | undefined;
  const onMessage = (message: unknown) => {
    const ava = (message as AvaMessage | null)?.ava;
    if (ava?.type === "options") file = ava.options?.file;
    if (ava?.type !== "free-worker") return;
    process.off("message", onMessage);
    if (file === undefined) return;
    const cpu = process.cpuUsage();
    const absolute = file.startsWith("file:") ? fileURLToPath(file) : file;
    const record = { file: path.relative(process.cwd(), absolute), wall_ms: Math.round(performance.now()), cpu_ms: Math.round((cpu.user + cpu.system) / 1000) };
    writeFileSync(path.join(dir, `${process.pid}.json`), `${JSON.stringify(record)}\n`);
  };
  process.on("message", onMessage);
}
