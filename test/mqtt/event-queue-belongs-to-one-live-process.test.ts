import test from "ava";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EventQueue, QueueLockedError } from "../../tools/mqtt/queue.ts";

const queueModule = fileURLToPath(new URL("../../tools/mqtt/queue.ts", import.meta.url));

test("the event queue refuses a second live process and takes over the lock of a dead one", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-queue-"));
  const holder = spawn(
    process.execPath,
    ["--import=tsx", "-e", `const { EventQueue } = await import(${JSON.stringify(queueModule)}); EventQueue.open({ dir: ${JSON.stringify(dir)} }); console.log("held"); setInterval(() => {}, 1000);`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("holder did not open the queue within 20 s")), 20_000);
      holder.stdout!.once("data", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const err = t.throws(() => EventQueue.open({ dir }), { instanceOf: QueueLockedError });
    t.is(err?.pid, holder.pid ?? -1);
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    const q = EventQueue.open({ dir });
    t.is(q.size, 0);
    q.close();
  } finally {
    holder.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
