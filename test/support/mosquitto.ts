/**
 * A real mosquitto broker for tests: started on 127.0.0.1 on a free port with a temporary
 * config, awaited until it accepts connections, stopped (or restarted on the same port) on demand.
 * Config facts: /work/shared/reference/host-tooling.md §11.2 (`user root` when running as root,
 * else mosquitto drops to user "mosquitto").
 *
 * Tests that need it register through `brokerTest` so that, when the binary is missing, they
 * are skipped with a message saying so (`make test` installs mosquitto).
 */
import test, { type ExecutionContext } from "ava";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** Where mosquitto is, or undefined. Debian installs it in /usr/sbin, often not on PATH. */
export function findMosquitto(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    const candidate = path.join(dir, "mosquitto");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export const MOSQUITTO_MISSING = "mosquitto is not installed (apt-get install mosquitto; `make test` installs it)";

/** `test` when mosquitto is installed, else `test.skip` with the reason in the title. */
export function brokerTest(title: string, implementation: (t: ExecutionContext) => Promise<void> | void): void {
  if (findMosquitto()) test(title, implementation);
  else test.skip(`${title} [skipped: ${MOSQUITTO_MISSING}]`, implementation);
}

/** A free TCP port on 127.0.0.1 (free when asked; the broker binds it right after). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Options of `Mosquitto.start`. */
export interface MosquittoOptions {
  /** Port to listen on; default a free one. */
  port?: number;
  /** Extra config lines. */
  config?: readonly string[];
  /** User names and passwords: anonymous clients are then refused (`password_file`). */
  users?: Readonly<Record<string, string>>;
  /** ACL text (`acl_file`). */
  acl?: string;
  /** Longest wait for the broker to accept connections, ms. Default 10 000. */
  startTimeoutMs?: number;
}

/** A running mosquitto child process. */
export class Mosquitto {
  readonly port: number;
  readonly dir: string;
  #child: ChildProcess | undefined;
  #log = "";
  readonly #options: MosquittoOptions;
  readonly #killOnExit = () => this.#child?.stdin?.end();

  private constructor(port: number, dir: string, options: MosquittoOptions) {
    this.port = port;
    this.dir = dir;
    this.#options = options;
  }

  /** Starts a broker and resolves once it accepts TCP connections. @throws if it does not. */
  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const broker = new Mosquitto(options.port ?? (await freePort()), mkdtempSync(path.join(os.tmpdir(), "wb-mosquitto-")), options);
    await broker.#spawn();
    return broker;
  }

  /** `mqtt://127.0.0.1:<port>` */
  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Everything the broker logged (for failure messages). */
  get log(): string {
    return this.#log;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.#child !== undefined;
  }

  async #spawn(): Promise<void> {
    const bin = findMosquitto();
    if (!bin) throw new Error(MOSQUITTO_MISSING);
    const conf = path.join(this.dir, "mosquitto.conf");
    const auth: string[] = [];
    const users = Object.entries(this.#options.users ?? {});
    if (users.length > 0) {
      const passwords = path.join(this.dir, "passwords");
      writeFileSync(passwords, "");
      for (const [user, password] of users) {
        const r = spawnSync("mosquitto_passwd", ["-b", passwords, user, password], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`mosquitto_passwd failed for ${user}: ${r.stderr || r.error?.message}`);
      }
      auth.push(`password_file ${passwords}`);
    }
    if (this.#options.acl !== undefined) {
      const acl = path.join(this.dir, "acl");
      writeFileSync(acl, this.#options.acl);
      auth.push(`acl_file ${acl}`);
    }
    const lines = [
      `listener ${this.port} 127.0.0.1`,
      `allow_anonymous ${users.length > 0 ? "false" : "true"}`,
      ...auth,
      "persistence false",
      "log_dest stderr",
      "log_type error",
      "log_type warning",
      "log_type notice",
      "log_type information",
      "connection_messages true",
      "set_tcp_nodelay true",
      ...(process.getuid?.() === 0 ? ["user root"] : []),
      ...(this.#options.config ?? []),
    ];
    writeFileSync(conf, lines.join("\n") + "\n");
    // A guard shell: it runs mosquitto and stops it (SIGTERM) when its stdin closes, which
    // happens whenever this process ends, even by SIGKILL, so no broker outlives its test.
    // (A background job's stdin is /dev/null unless redirected, hence the explicit `<&3`.)
    const guard = 'exec 3<&0; "$0" -c "$1" & pid=$!; ( cat <&3 >/dev/null; kill $pid 2>/dev/null ) & wait $pid';
    const child = spawn("sh", ["-c", guard, bin, conf], { stdio: ["pipe", "pipe", "pipe"] });
    this.#child = child;
    process.once("exit", this.#killOnExit);
    const timeoutMs = this.#options.startTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`mosquitto did not start within ${timeoutMs} ms:\n${this.#log}`)), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      const onData = (chunk: Buffer) => {
        this.#log += chunk.toString();
        if (/mosquitto version \S+ running/.test(this.#log.slice(-400))) {
          child.stderr!.off("data", onData);
          child.stderr!.on("data", (c: Buffer) => (this.#log += c.toString()));
          clearTimeout(timer);
          resolve();
        }
      };
      child.stderr!.on("data", onData);
      child.stdout!.on("data", (c: Buffer) => (this.#log += c.toString()));
      child.once("exit", (code, signal) => {
        this.#child = undefined;
        process.off("exit", this.#killOnExit);
        fail(new Error(`mosquitto exited (${code ?? signal}) while starting:\n${this.#log}`));
      });
    });
    // The log line comes after the listener opened; one TCP connect confirms it.
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(this.port, "127.0.0.1", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", reject);
    });
  }

  /** Stops the broker (SIGTERM through the guard, then SIGKILL after 5 s) and resolves when it has exited. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    process.off("exit", this.#killOnExit);
    child.removeAllListeners("exit");
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin!.end(); // the guard sends mosquitto SIGTERM and exits when it has
    });
  }

  /** Stops the broker and starts it again on the same port (retained messages are lost). */
  async restart(): Promise<void> {
    await this.stop();
    await this.#spawn();
  }

  /** Stops the broker and removes its temporary directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
