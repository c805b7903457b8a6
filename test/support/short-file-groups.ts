/**
 * Groups the suite's short test files into a few ava entry files, so that `make test` starts one
 * worker process (node, ava's worker, tsx's hooks: about 1 s of CPU on this machine) per group
 * instead of one per file (issue 15 §4; figures in bench/README.md, "Test time").
 *
 * ava.config.js loads it with tsx's `tsImport` (ava's main process has no TypeScript hooks).
 *
 * A group is `build/test-groups/NN.test.js`, written at each run: for each member file it imports
 * `test/support/group-member.js?file=<member>` and then the member. ava runs every test the
 * members declare, in one worker; group-member.js prefixes each title with its member's path, so
 * a failure names the original file and test, and two members may share a title.
 *
 * Which files may share a worker (`eligible`): only files that
 * - took at most `MAX_CPU_MS` of worker CPU and at most `MAX_WALL_PER_CPU` times that in wall time in their last
 *   run alone (build/test-times.json; a grouped run keeps those, so a file does not alternate
 *   between grouped and alone); a file with no recorded time runs alone, is recorded, and may be
 *   grouped from the next run on;
 * - declare no hooks (`test.before`, `.after`, `.beforeEach`, `.afterEach`: in a group they would
 *   run around other members' tests), no snapshots (keyed by file), no `.only`;
 * - do not change process-wide state (`process.env`, `process.chdir`, `process.on`, `globalThis`);
 * - start no child processes, pseudo-terminals, sockets or XS workers (their waits are timed
 *   against the wall clock; `EXCLUDED_FOLDERS` and `STARTS_SOMETHING`): those keep their own
 *   worker, as before.
 * Anything else that grouping breaks shows loudly: ava refuses a test declared after the group's
 * tests have started (a member with top-level await), and a member that depends on state another
 * member left fails its own assertions, under its own name.
 *
 * Members are packed in path order (neighbours share imports, loaded once per group) into groups
 * of at most `GROUP_CPU_MS` of recorded CPU, so the groups still spread over ava's workers.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A file that took more worker CPU than this (ms, in its last run alone) keeps its own worker. */
export const MAX_CPU_MS = 5000;
/** …or more wall time than this many times its CPU time (plus 1 s): it waits on something. */
export const MAX_WALL_PER_CPU = 2;
/** Recorded CPU (ms, each member's last run alone, start-up included) that one group may hold. */
export const GROUP_CPU_MS = 25_000;
/** Where the group entry files are written (ignored by git, rewritten at each run). */
export const GROUPS_DIR = "build/test-groups";

/** Folders whose tests talk to pseudo-terminals, `bell` children, mosquitto or real XS. */
const EXCLUDED_FOLDERS = ["test/console/", "test/device/", "test/flash/", "test/monitor/", "test/mqtt/", "test/provision/", "test/ux/", "test/xs/"];

/** Source text that makes a file unfit to share a worker (see the module comment). */
const UNFIT = [
  /\btest\.(before|after|beforeEach|afterEach)\b/,
  /\.always\b/,
  /\.snapshot\(/,
  /\.only\(/,
  /\bprocess\.(env\b[^\n;]*[^=!<>]=[^=]|chdir|on\(|once\(|exit)/,
  /\bdelete process\.env/,
  /\bglobalThis\.\w+\s*=[^=]/,
];
/** Source text of a file that starts another process, a pty, a socket or an XS worker. */
const STARTS_SOMETHING = /\b(spawn|execFile|exec|fork|spawnSync|execFileSync)\(|bell-child|console-pty|support\/pty|mosquitto|fault-proxy|createServer|xsnap|run-in-both-engines|runInNodeAndXs|engine\.ts|worker\.ts|child_process|serialport|fake-rom|bell-flash-run/;

/** A file's last recorded times (build/test-times.json `files`), ms. */
export interface FileTimes {
  wall_ms: number;
  cpu_ms: number;
}

/** One group: its entry file (repo-relative), members (repo-relative), their summed last times alone. */
export interface Group {
  file: string;
  members: string[];
  cpu_ms: number;
  wall_ms: number;
}

/** Lists the test files, as ava.config.js's `test/**\/*.test.ts`: repo-relative, sorted. */
export function testFiles(repo: string): string[] {
  return readdirSync(path.join(repo, "test"), { recursive: true })
    .map((f) => path.join("test", String(f)))
    .filter((f) => f.endsWith(".test.ts"))
    .sort();
}

/**
 * Whether a test file may share a worker with others (the rules in the module comment).
 * @param repo absolute path of the checkout
 * @param file repo-relative path
 * @param last its last run alone, or undefined if none is recorded
 */
export function eligible(repo: string, file: string, last: FileTimes | undefined): boolean {
  if (last === undefined || last.cpu_ms > MAX_CPU_MS || last.wall_ms > MAX_WALL_PER_CPU * last.cpu_ms + 1000) return false;
  if (EXCLUDED_FOLDERS.some((d) => file.startsWith(d))) return false;
  const source = readFileSync(path.join(repo, file), "utf8");
  return !UNFIT.some((re) => re.test(source)) && !STARTS_SOMETHING.test(source);
}

/**
 * Writes this run's group entry files under `GROUPS_DIR` (the folder is emptied first) and says
 * which files they hold.
 * @param repo absolute path of the checkout
 * @param lastTimes per repo-relative file, its last run alone (build/test-times.json `files`)
 * @returns the groups, and every grouped file (the rest run alone)
 */
export function writeGroups(repo: string, lastTimes: Record<string, FileTimes>): { groups: Group[]; grouped: string[] } {
  const members = testFiles(repo).filter((f) => eligible(repo, f, lastTimes[f]));
  const groups: Group[] = [];
  for (const f of members) {
    let g = groups.at(-1);
    if (g === undefined || g.cpu_ms + lastTimes[f].cpu_ms > GROUP_CPU_MS) {
      g = { file: path.join(GROUPS_DIR, `${String(groups.length + 1).padStart(2, "0")}.test.js`), members: [], cpu_ms: 0, wall_ms: 0 };
      groups.push(g);
    }
    g.members.push(f);
    g.cpu_ms += lastTimes[f].cpu_ms;
    g.wall_ms += lastTimes[f].wall_ms;
  }
  const dir = path.join(repo, GROUPS_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const g of groups) writeFileSync(path.join(repo, g.file), entrySource(repo, g.file, g.members));
  return { groups, grouped: members };
}

/**
 * The source of a group entry file: for each member, in order, an import of
 * `test/support/group-member.js?file=<member>` and then of the member.
 * @param repo absolute path of the checkout
 * @param entry the entry file, repo-relative
 * @param members the member test files, repo-relative
 */
export function entrySource(repo: string, entry: string, members: readonly string[]): string {
  const up = path.relative(path.dirname(path.join(repo, entry)), repo).split(path.sep).join("/");
  const lines = members.flatMap((m) => [
    `import ${JSON.stringify(`${up}/test/support/group-member.js?file=${encodeURIComponent(m)}`)};`,
    `import ${JSON.stringify(`${up}/${m}`)};`,
  ]);
  return `// Written by test/support/short-file-groups.ts for this run; do not edit.\n${lines.join("\n")}\n`;
}
