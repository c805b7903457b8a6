/**
 * The source files below a folder, for the tests that read the code as text (the error ids, the
 * event names, the imports): every `.ts` file (or those matching `pattern`) that is not a
 * declaration file, skipping folders named in `skip`.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export function sourceFiles(dir: string, options: { pattern?: RegExp; skip?: readonly string[] } = {}): string[] {
  const pattern = options.pattern ?? /\.ts$/;
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) {
      if (!options.skip?.includes(name)) out.push(...sourceFiles(file, options));
    } else if (pattern.test(name) && !/\.d\.ts$/.test(name)) out.push(file);
  }
  return out;
}
