/**
 * Reads the defaults table of a module README: rows `| \`NAME.path\` | value |`, and compares
 * them with the exported defaults objects, so that the documentation cannot drift from the code
 * (STYLE, "docs … that drift from code: generate them or test them").
 */
import { readFileSync } from "node:fs";

/** Every leaf of `obj` as "prefix.path" → value. */
export function leaves(prefix: string, obj: object): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === "object") for (const [p, x] of leaves(`${prefix}.${k}`, v)) out.set(p, x);
    else out.set(`${prefix}.${k}`, v);
  }
  return out;
}

/** The "`NAME.path`" → "value" rows of the README at `path`. */
export function readmeRows(path: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^\|\s*`([A-Z_]+\.[\w.]+)`\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  return rows;
}
