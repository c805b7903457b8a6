/**
 * Issue 16, rough edges: a person using `bell` reads words, not errno codes; bad JSON is placed
 * by line and column on one line; a conversion never overwrites its own input; `--version`
 * answers. Each test shows the message the user now gets.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import test from "ava";
import { bell } from "../trace/bell.ts";
import { REPO_ROOT } from "../trace/captures.ts";

const dir = mkdtempSync(path.join(tmpdir(), "bell-ux-"));
const trace = path.join(REPO_ROOT, "test/fixtures/traces/bouncy-press.jsonl");
const oneLine = (s: string) => s.trimEnd().split("\n");

test("a missing trace is 'no such file or folder', not ENOENT", async (t) => {
  const r = await bell(["trace", "debounce", path.join(dir, "absent.jsonl")]);
  t.is(r.code, 2);
  t.deepEqual(oneLine(r.stderr), [`bell: ${path.join(dir, "absent.jsonl")}: cannot read: no such file or folder (E_TRACE_OPEN)`]);
});

test("writing into a missing folder says the folder does not exist", async (t) => {
  const out = path.join(dir, "no-such-folder", "x.vcd");
  const r = await bell(["trace", "convert", trace, out]);
  t.is(r.code, 1);
  t.deepEqual(oneLine(r.stderr), [`bell: ${out}: cannot write: the folder it should go in does not exist (E_TRACE_WRITE)`]);
});

test("a folder given as a trace is 'a folder, not a file'", async (t) => {
  const folder = path.join(dir, "folder.jsonl");
  mkdirSync(folder);
  const r = await bell(["trace", "debounce", folder]);
  t.is(r.code, 2);
  t.deepEqual(oneLine(r.stderr), [`bell: ${folder}: cannot read: it is a folder, not a file (E_TRACE_OPEN)`]);
});

test("a scenario cut short names line and column on one line", async (t) => {
  const file = path.join(dir, "cut.json");
  writeFileSync(file, '{\n  "devices": [\n    {"id": "post"');
  const r = await bell(["sim", file]);
  t.is(r.code, 2);
  t.deepEqual(oneLine(r.stderr), [
    `bell: ${file}: not valid JSON at line 3, column 18: the text ends before the JSON does (a bracket, brace or quote is not closed) (E_SCENARIO)`,
  ]);
});

test("a stray comma in a scenario is placed exactly", async (t) => {
  const file = path.join(dir, "comma.json");
  writeFileSync(file, '{\n "devices": [1,,]\n}');
  const r = await bell(["sim", file]);
  t.is(r.code, 2);
  t.deepEqual(oneLine(r.stderr), [`bell: ${file}: not valid JSON at line 2, column 16: unexpected "," (E_SCENARIO)`]);
});

test("a truncated registry names the place to fix", async (t) => {
  const file = path.join(dir, "registry.json");
  writeFileSync(file, '{\n  "format": "warning-bell-registry",\n  "devices": [', { mode: 0o600 });
  const r = await bell(["monitor", "--registry", file, "--port", path.join(dir, "no-port")]);
  t.is(r.code, 2);
  const lines = oneLine(r.stderr);
  t.is(lines[0], `bell: ${file} is not valid JSON at line 3, column 15: the text ends before the JSON does (a bracket, brace or quote is not closed) (E_REGISTRY)`);
  t.false(r.stderr.includes("named above"));
});

test("convert refuses to write over its own input and leaves it unchanged", async (t) => {
  const file = path.join(dir, "self.jsonl");
  const before = readFileSync(trace, "utf8");
  writeFileSync(file, before);
  const r = await bell(["trace", "convert", file, path.join(dir, ".", "self.jsonl")]);
  t.is(r.code, 2);
  t.deepEqual(oneLine(r.stderr), [`bell: ${path.join(dir, "self.jsonl")}: is also the input; give the converted trace another name (E_TRACE_OPTION)`]);
  t.is(readFileSync(file, "utf8"), before);
});

test("bell --version prints the version of the package", async (t) => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  const r = await bell(["--version"]);
  t.is(r.code, 0);
  t.is(r.stdout.trim(), `bell ${pkg.version}`);
});

test("bell sim --until-ms announces the time it will really run", async (t) => {
  const r = await bell(["sim", "--until-ms", "70000"]);
  t.is(r.code, 0);
  t.regex(r.stdout.split("\n")[0], /, 5 devices, 70 s of virtual time$/);
});

test("--lang vi speaks Vietnamese, placed anywhere on the command line", async (t) => {
  const r = await bell(["sim", "--until-ms", "70000", "--lang", "vi"]);
  t.is(r.code, 0);
  t.regex(r.stdout, /Trạm y tế +nút được bấm: phát báo động/);
  t.regex(r.stdout, /CÓ BÁO ĐỘNG: Trạm y tế \(vụ 1\)/);
  const bad = await bell(["--lang", "fr", "sim"]);
  t.is(bad.code, 2);
  t.is(bad.stderr.trim(), 'bell: --lang: expected vi or en, got "fr" (E_USAGE)');
});
