import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Module names the project declares for the device (firmware/moddable/types/*.d.ts). */
function declaredModules(): Set<string> {
  const dir = path.join(repoRoot, "firmware/moddable/types");
  const names = new Set<string>();
  for (const file of readdirSync(dir)) {
    for (const match of readFileSync(path.join(dir, file), "utf8").matchAll(/declare module "([^"]+)"/g)) names.add(match[1]);
  }
  return names;
}

for (const role of ["caller", "receiver"]) {
  test(`the ${role} bundle builds with the Makefile's esbuild options and imports only declared Moddable modules`, (t) => {
    const out = mkdtempSync(path.join(tmpdir(), "wb-bundle-"));
    try {
      // ENSURE=true: `make test` has installed the packages already; never reinstall under running tests.
      const result = spawnSync("make", ["--no-print-directory", `bundle-${role}`, `DEVICE_OUT=${out}`, "ENSURE=true"], {
        cwd: repoRoot,
        encoding: "utf8",
      });
      t.is(result.status, 0, result.stderr);
      const bundle = readFileSync(path.join(out, role, "main.js"), "utf8");
      const imports = [...bundle.matchAll(/^import\s+(?:[\w{}\s,*]+\s+from\s+)?"([^"]+)";?$/gm)].map((m) => m[1]);
      t.true(imports.length > 0);
      const declared = declaredModules();
      t.deepEqual(
        imports.filter((name) => !declared.has(name)),
        [],
        "every import is a Moddable module the project declares (no relative or Node import survives bundling)",
      );
      t.regex(bundle, /extends Native\("xs_espnow_destructor"\)/);
      // esbuild's `// path/to/file.ts` comments are not code (firmware/stack/console.ts is a file, not the global),
      // nor are double-quoted strings (the message catalogue the SMS texts come from has "console.option.baud"
      // and "a board's console. Close …").
      const code = bundle.replace(/^\s*\/\/.*$/gm, "").replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
      t.notRegex(code, /\bconsole\.|\bprocess\.|\bsetTimeout\(/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
