/**
 * A small evaluator for the Jinja expressions our Home Assistant configs use, so that a test can
 * render each `value_template` / `json_attributes_template` against the real payloads, as HA
 * does (HA renders them with Jinja2 and `value_json` = the parsed payload; its `tojson` filter
 * gives JSON). Written from Jinja2's documented expression grammar, not from HA's code.
 *
 * Supported: `{{ expr }}` (one expression), string and number literals, tuples `( … )`, lists
 * `[ … ]`, dicts `{ 'k': v, … }`, names, `.attr`, `.get(key, default)`, `x if c else y`, `in`,
 * `not in`, `==`, `!=`, `>`, `<`, `>=`, `<=`, `and`, `or`, `not`, and the filters `length` and
 * `tojson`. Anything else throws, so a template outside this subset fails the test loudly.
 * Like HA's rendering, an undefined attribute used in output raises (HA logs a template error
 * and the entity does not update).
 */

type Value = unknown;
class Undefined {
  constructor(readonly what: string) {}
}

/** Renders `{{ expr }}` with the given variables; returns the string HA would get. */
export function renderTemplate(template: string, vars: Record<string, Value>): string {
  const m = /^\s*\{\{(.*)\}\}\s*$/s.exec(template);
  if (!m) throw new Error(`not a single {{ expression }}: ${template}`);
  const value = new Parser(m[1]!, vars).parseAll();
  if (value instanceof Undefined) throw new Error(`undefined: ${value.what}`);
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? (typeof value === "boolean" ? (value ? "True" : "False") : String(value)) : JSON.stringify(value);
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|>=|<=|[()[\]{}.,:|<>]))/y;

class Parser {
  private readonly tokens: string[] = [];
  private i = 0;
  constructor(
    text: string,
    private readonly vars: Record<string, Value>,
  ) {
    TOKEN.lastIndex = 0;
    let at = 0;
    while (at < text.length) {
      if (/^\s*$/.test(text.slice(at))) break;
      TOKEN.lastIndex = at;
      const t = TOKEN.exec(text);
      if (!t) throw new Error(`cannot read the template at: ${text.slice(at)}`);
      this.tokens.push(t[0].trim());
      at = TOKEN.lastIndex;
    }
  }

  parseAll(): Value {
    const v = this.conditional();
    if (this.i !== this.tokens.length) throw new Error(`unexpected ${this.tokens[this.i]}`);
    return v;
  }

  private peek(): string | undefined {
    return this.tokens[this.i];
  }
  private take(expected?: string): string {
    const t = this.tokens[this.i++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`expected ${expected ?? "more"}, got ${t}`);
    return t;
  }

  private conditional(): Value {
    const yes = this.or();
    if (this.peek() !== "if") return yes;
    this.take("if");
    const cond = this.or();
    this.take("else");
    const no = this.conditional();
    return truthy(cond) ? yes : no;
  }
  private or(): Value {
    let v = this.and();
    while (this.peek() === "or") {
      this.take();
      const r = this.and();
      v = truthy(v) ? v : r;
    }
    return v;
  }
  private and(): Value {
    let v = this.not();
    while (this.peek() === "and") {
      this.take();
      const r = this.not();
      v = truthy(v) ? r : v;
    }
    return v;
  }
  private not(): Value {
    if (this.peek() === "not") {
      this.take();
      return !truthy(this.not());
    }
    return this.compare();
  }
  private compare(): Value {
    const left = this.filtered();
    const op = this.peek();
    if (op === "in" || (op === "not" && this.tokens[this.i + 1] === "in")) {
      if (op === "not") this.take();
      this.take("in");
      const right = this.filtered();
      const found = Array.isArray(right) ? right.some((x) => equal(x, left)) : typeof right === "string" ? right.includes(String(left)) : false;
      return op === "not" ? !found : found;
    }
    if (op === "==" || op === "!=" || op === ">" || op === "<" || op === ">=" || op === "<=") {
      this.take();
      const right = this.filtered();
      if (op === "==") return equal(left, right);
      if (op === "!=") return !equal(left, right);
      if (typeof left !== "number" || typeof right !== "number") throw new Error(`cannot compare ${JSON.stringify(left)} ${op} ${JSON.stringify(right)}`);
      return op === ">" ? left > right : op === "<" ? left < right : op === ">=" ? left >= right : left <= right;
    }
    return left;
  }
  private filtered(): Value {
    let v = this.postfix();
    while (this.peek() === "|") {
      this.take();
      const name = this.take();
      if (v instanceof Undefined) throw new Error(`undefined: ${v.what}`);
      if (name === "length") {
        if (typeof v === "string" || Array.isArray(v)) v = v.length;
        else if (v && typeof v === "object") v = Object.keys(v).length;
        else throw new Error(`length of ${JSON.stringify(v)}`);
      } else if (name === "tojson") v = JSON.stringify(v);
      else throw new Error(`filter ${name} not supported`);
    }
    return v;
  }
  private postfix(): Value {
    let v = this.primary();
    for (;;) {
      if (this.peek() === ".") {
        this.take();
        const name = this.take();
        if (name === "get" && this.peek() === "(") {
          this.take("(");
          const key = this.conditional();
          let fallback: Value = null;
          if (this.peek() === ",") {
            this.take();
            fallback = this.conditional();
          }
          this.take(")");
          v = v && typeof v === "object" && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, String(key)) ? (v as Record<string, Value>)[String(key)] : fallback;
          continue;
        }
        v = v && typeof v === "object" && !(v instanceof Undefined) && Object.prototype.hasOwnProperty.call(v, name) ? (v as Record<string, Value>)[name] : new Undefined(name);
        continue;
      }
      return v;
    }
  }
  private primary(): Value {
    const t = this.take();
    if (/^\d/.test(t)) return Number(t);
    if (t.startsWith("'") || t.startsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, "$1");
    if (t === "True" || t === "true") return true;
    if (t === "False" || t === "false") return false;
    if (t === "None" || t === "none") return null;
    if (t === "(" || t === "[") {
      const close = t === "(" ? ")" : "]";
      const items: Value[] = [];
      while (this.peek() !== close) {
        items.push(this.conditional());
        if (this.peek() === ",") this.take();
      }
      this.take(close);
      return t === "(" && items.length === 1 ? items[0] : items;
    }
    if (t === "{") {
      const o: Record<string, Value> = {};
      while (this.peek() !== "}") {
        const k = this.conditional();
        this.take(":");
        const v = this.conditional();
        if (v instanceof Undefined) throw new Error(`undefined: ${v.what}`);
        o[String(k)] = v;
        if (this.peek() === ",") this.take();
      }
      this.take("}");
      return o;
    }
    if (/^[A-Za-z_]/.test(t)) return Object.prototype.hasOwnProperty.call(this.vars, t) ? this.vars[t] : new Undefined(t);
    throw new Error(`unexpected ${t}`);
  }
}

function truthy(v: Value): boolean {
  if (v instanceof Undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === "object") return Object.keys(v).length > 0;
  return Boolean(v);
}

function equal(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
