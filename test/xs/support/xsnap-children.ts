/**
 * The xsnap-worker processes that are children of this process, from /proc (Linux), with their
 * state: "Z" is a zombie (exited, not yet reaped by Node's event loop).
 */
import fs from "node:fs";

export interface ChildProcessInfo {
  pid: number;
  state: string;
}

/** Children of this process named xsnap-worker. */
export function xsnapChildren(): ChildProcessInfo[] {
  const out: ChildProcessInfo[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "latin1");
    } catch {
      continue; // gone meanwhile
    }
    const open = stat.indexOf("(");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(open + 1, close);
    const [state, ppid] = stat.slice(close + 2).split(" ");
    if (comm.startsWith("xsnap-worker") && Number(ppid) === process.pid) out.push({ pid: Number(entry), state: state! });
  }
  return out;
}

/** Children still running (not zombies). */
export function liveXsnapChildren(): number[] {
  return xsnapChildren()
    .filter((c) => c.state !== "Z" && c.state !== "X")
    .map((c) => c.pid);
}
