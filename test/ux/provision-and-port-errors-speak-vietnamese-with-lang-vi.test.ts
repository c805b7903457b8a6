/**
 * Issue 16, the rest: `bell provision`'s guidance and the errors of the tools an installer uses
 * (`bell provision`, `bell monitor`, `bell flash`) come from the catalogue, so `--lang vi` gives
 * Vietnamese, end to end through `bell`, with the stable error id kept after the first line.
 * `--lang en` gives the English texts the other tests assert byte for byte.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import test from "ava";
import { FixedPtyPair, hasSocat, NO_SOCAT_REASON, runBell, tempDir } from "../support/console-pty.ts";
import { bell } from "../trace/bell.ts";

const dir = mkdtempSync(path.join(tmpdir(), "bell-ux-vi-"));
const firstLine = (s: string) => s.split("\n")[0];

test("provision init, add-caller and show guide the installer in Vietnamese", async (t) => {
  const file = path.join(dir, "xuan-pho.bell.json");
  const init = await bell(["--lang", "vi", "provision", "init", "--post", "xuan-pho", "--name", "Công an xã Xuân Phổ", "--registry", file]);
  t.is(init.code, 0, init.stderr);
  t.is(firstLine(init.stdout), `Đã tạo ${file} cho Công an xã Xuân Phổ (xuan-pho), kênh 6, trạm nhận "post".`);
  const add = await bell(["provision", "add-caller", "clinic", "--name", "Trạm y tế", "--registry", file, "--lang=vi"]);
  t.is(add.code, 0, add.stderr);
  t.is(firstLine(add.stdout), `Đã thêm nút báo động clinic ("Trạm y tế"), mã nút 2, với khóa mới.`);
  t.regex(add.stdout, /^Việc tiếp theo:\n {2}1\. bell provision device post\n {7}post: /m);
  const show = await bell(["--lang", "vi", "provision", "show", "--registry", file]);
  t.is(show.code, 0, show.stderr);
  t.regex(show.stdout, /^ {2}clinic .*chưa cài đặt$/m);
  t.notRegex(show.stdout, /not provisioned|Next:/);
  const en = await bell(["--lang", "en", "provision", "show", "--registry", file]);
  t.regex(en.stdout, /^ {2}clinic .*not provisioned$/m);
});

test("a missing registry is said in Vietnamese, with its id", async (t) => {
  const file = path.join(dir, "absent.bell.json");
  const r = await bell(["--lang", "vi", "provision", "show", "--registry", file]);
  t.is(r.code, 2);
  t.is(firstLine(r.stderr), `bell: ${file} không tồn tại (E_REGISTRY)`);
});

const registry = path.join(dir, "ports.bell.json");
for (const command of [["flash", `0x10000=${registry}`], ["provision", "device", "post", "--registry", registry]]) {
  test(`bell ${command.join(" ")} on a port that does not exist says so in Vietnamese, with its id`, async (t) => {
    const port = path.join(dir, "no-such-port");
    await bell(["provision", "init", "--post", "ports", "--name", "X", "--registry", registry]);
    const r = await bell(["--lang", "vi", ...command, "--port", port]);
    t.is(r.code, 2, r.stderr);
    t.is(firstLine(r.stderr), `bell: ${port} không tồn tại. Bo mạch đã được cắm vào chưa? (E_FLASH_PORT_MISSING)`);
    const en = await bell(["--lang", "en", ...command, "--port", port]);
    t.is(firstLine(en.stderr), `bell: ${port} does not exist. Is the board plugged in? (E_FLASH_PORT_MISSING)`);
  });
}

test("bell flash with neither --build nor images explains in Vietnamese, with its id", async (t) => {
  const r = await bell(["--lang", "vi", "flash", "--port", path.join(dir, "p")]);
  t.is(r.code, 2);
  t.regex(firstLine(r.stderr), /^bell: .*[ăâđêôơư].* \(E_FLASH_USAGE\)$/u);
});

const ptyTest = hasSocat ? test : test.skip;
if (!hasSocat) console.warn(NO_SOCAT_REASON);

ptyTest("a board that does not answer bell provision device: what to check, in Vietnamese, with its id", async (t) => {
  const { dir: here, cleanup } = tempDir("bell-ux-vi-pty-");
  const pair = new FixedPtyPair(path.join(here, "dev"), path.join(here, "host"));
  t.teardown(() => {
    pair.unplug();
    cleanup();
  });
  await pair.plug();
  const registry = path.join(here, "xuan-pho.bell.json");
  await bell(["provision", "init", "--post", "xuan-pho", "--name", "X", "--registry", registry]);
  await bell(["provision", "add-caller", "clinic", "--name", "Trạm y tế", "--registry", registry]);
  const run = await runBell(["--lang", "vi", "provision", "device", "clinic", "--port", pair.host], here, 60_000);
  t.is(run.code, 1, run.stderr);
  t.is(firstLine(run.stderr), `bell: bo mạch ở ${pair.host} không trả lời lệnh "info" (4 lần thử trong 6 s). Chưa ghi gì cả. (E_PROVISION_NO_ANSWER)`);
  t.regex(run.stderr, /Cổng hoàn toàn im lặng/);
  t.regex(run.stderr, /phần mềm nút báo động của warning-bell \(make flash-caller\)/);
  t.regex(run.stdout, /^Đang cài đặt clinic \(nút báo động, "Trạm y tế"\) của trạm xuan-pho qua /);
});

test("bell flash names a missing image file in Vietnamese, with its id; English unchanged", async (t) => {
  const file = path.join(dir, "build", "app.bin");
  const vi = await bell(["--lang", "vi", "flash", `0x10000=${file}`]);
  t.is(vi.code, 2);
  t.is(firstLine(vi.stderr), `bell: tham số 1 "0x10000=${file}": ${file} không tồn tại. Việc dựng phần mềm đã xong chưa? (E_FLASH_IMAGE_FILE)`);
  const en = await bell(["--lang", "en", "flash", `0x10000=${file}`]);
  t.is(firstLine(en.stderr), `bell: argument 1 "0x10000=${file}": ${file} does not exist. Is the build finished? (E_FLASH_IMAGE_FILE)`);
});
