/**
 * The flash job: connect to the ESP32 ROM bootloader with esptool-js, write every region of an
 * image set compressed, verify each region's MD5 on the board, and reset the board into the new
 * firmware. Failures become `JobError`s with stable ids and troubleshooting text (./errors.ts).
 *
 * Sequence (esptool serial-protocol docs, "Functional Description"): reset into download mode
 * (DTR/RTS), SYNC, identify the chip (READ_REG of the magic register), upload and start the stub
 * loader (MEM_BEGIN/DATA/END, "OHAI"), CHANGE_BAUDRATE, read the flash id, SPI_SET_PARAMS with the
 * flash size, then per region FLASH_DEFL_BEGIN/DATA/END and SPI_FLASH_MD5, and a hard reset
 * (EN pulled low through RTS).
 *
 * Retries are bounded everywhere: opening a busy port (`openAttempts`), connecting
 * (`connectRounds`, each with longer reset holds), each region (`regionAttempts`, for an MD5
 * mismatch or a lost reply; esptool-js itself retries each block 3 times). A board that
 * disappears (USB unplugged) ends the job at once.
 */
import { createHash } from "node:crypto";
import { ClassicReset, ESPLoader, Transport, type IEspLoaderTerminal } from "esptool-js";
import { JobError } from "../errors.ts";
import type { ChosenPort } from "./ports.ts";
import type { ImageRegion, ImageSet } from "./image.ts";
import { hex } from "./image.ts";
import { NodeWebSerialPort, type PortFactory } from "./web-serial.ts";
import {
  deviceGroup,
  FLASH_ERROR_IDS,
  flashTooSmallMessage,
  noReplyMessage,
  noSyncMessage,
  permissionMessage,
  PortLostError,
  PortOpenError,
  portBusyMessage,
  portOpenMessage,
  unpluggedMessage,
  verifyMessage,
  withId,
  wrongChipMessage,
  type FlashProgressNote,
} from "./errors.ts";
import { errorText } from "../../firmware/core/error-text.ts";

/** One connection round: how many reset+sync attempts, and how much longer IO0 is held low. */
export interface ConnectRound {
  /** Reset+sync attempts in this round (esptool-js alternates 50 ms and 550 ms IO0 holds). */
  attempts: number;
  /** Added to each IO0 hold of esptool-js's classic reset, in ms (0 = esptool's own timing). */
  extraHoldMs: number;
}

/** Something the job reports while it runs (for the progress display). */
export type FlashEvent =
  | { kind: "note"; text: string }
  | { kind: "connected"; chip: string; mac: string; baudRate: number; flashSize?: string }
  | { kind: "region-start"; region: ImageRegion; attempt: number }
  | { kind: "region-progress"; region: ImageRegion; sentBytes: number; totalBytes: number }
  | { kind: "region-done"; region: ImageRegion; md5: string; elapsedMs: number }
  | { kind: "loader-log"; text: string };

/** Options of {@link flashImageSet}. */
export interface FlashJobOptions {
  /** The port to flash (from `findPort`). */
  port: ChosenPort;
  /** What to write (from `readBuildImageSet` / `readPairsImageSet`). */
  images: ImageSet;
  /** Speed for writing, bits/s, integer 9600..4000000; default 460800 (idf.py's default). */
  baudRate?: number;
  /** Speed the ROM bootloader starts at, bits/s; default 115200 (ESP32 ROM). */
  romBaudRate?: number;
  /** Drive DTR/RTS to reset the board into download mode first; default true. */
  resetHold?: boolean;
  /** Connection rounds, tried in order; default {@link FLASH_DEFAULTS}.connectRounds. */
  connectRounds?: readonly ConnectRound[];
  /** Attempts per region (MD5 mismatch or lost reply), integer ≥ 1; default 2. */
  regionAttempts?: number;
  /** Attempts to open a busy or forbidden port, integer ≥ 1; default 3. */
  openAttempts?: number;
  /** Wait between open attempts, ms, ≥ 0; default 1000 (ModemManager probes for seconds). */
  openRetryDelayMs?: number;
  /** Makes the node-serialport stream; tests pass `SerialPortMock`. Default: the real port. */
  createPort?: PortFactory;
  /** Receives progress events; default: ignore them. */
  report?: (event: FlashEvent) => void;
}

/** One region's outcome. */
export interface RegionResult {
  name: string;
  offsetBytes: number;
  /** Bytes written (the file padded to 4 bytes, as esptool-js writes it). */
  sizeBytes: number;
  /** MD5 of those bytes, hex; equal to what the board read back. */
  md5: string;
  /** 1 when the first write verified. */
  attempts: number;
  elapsedMs: number;
}

/** What a successful job did. */
export interface FlashReport {
  /** Chip description, e.g. `ESP32-D0WDQ6 (revision 1)`. */
  chip: string;
  /** Board MAC address, `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  /** Speed used for writing, bits/s. */
  baudRate: number;
  regions: RegionResult[];
  /** Whole job, ms. */
  elapsedMs: number;
  /** False when the port has no DTR/RTS lines: the user must press EN to start the firmware. */
  resetDone: boolean;
}

/** Defaults of {@link flashImageSet}. */
export const FLASH_DEFAULTS = {
  baudRate: 460800,
  romBaudRate: 115200,
  resetHold: true,
  /**
   * Round 1 is esptool's own timing (IO0 held 50 / 550 ms after EN rises); round 2 holds IO0
   * 1.5 s longer, for boards whose auto-reset capacitor is slow. About 11 s in all before giving up.
   */
  connectRounds: [
    { attempts: 4, extraHoldMs: 0 },
    { attempts: 3, extraHoldMs: 1500 },
  ] as readonly ConnectRound[],
  regionAttempts: 2,
  openAttempts: 3,
  openRetryDelayMs: 1000,
  /** Bound on closing the port at the end, ms (esptool-js waits for its streams to unlock). */
  closeTimeoutMs: 3000,
  /** Loader log lines kept for diagnostics. */
  logLines: 400,
} as const;

/**
 * Hard reset after flashing, as an esptool-js custom reset sequence: IO0 high (DTR off), EN low
 * (RTS on) for 100 ms, EN high. esptool docs ("--after hard_reset": reset by pulling EN low via
 * RTS). We do not use esptool-js 0.7.0's HardReset: it only releases RTS without asserting it
 * first (lib/reset.js), which does not reset a board whose RTS is already released.
 */
export const HARD_RESET_SEQUENCE = "D0|R1|W100|R0";

/** esptool serial protocol: SPI_SET_PARAMS opcode and the fixed values esptool sends with it. */
const SPI_SET_PARAMS = {
  op: 0x0b,
  flashId: 0,
  blockBytes: 64 * 1024,
  sectorBytes: 4 * 1024,
  pageBytes: 256,
  statusMask: 0xffff,
} as const;

/**
 * esptool-js's Transport with its trace output routed to our log: its `trace()` writes to
 * console.log unconditionally (lib/webserial.js), e.g. "readLoop exited" on every disconnect.
 */
class LoggedTransport extends Transport {
  constructor(device: NodeWebSerialPort, private readonly log: (text: string) => void) {
    super(device as unknown as ConstructorParameters<typeof Transport>[0], false, true);
  }
  override trace(message: string): void {
    this.log(`trace: ${message}`);
  }
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}

function md5Hex(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}

/** The file padded with 0xFF to a multiple of 4 bytes, as esptool-js writes it. */
function padTo4(data: Uint8Array): Uint8Array {
  const rest = data.length % 4;
  if (rest === 0) return data;
  const out = new Uint8Array(data.length + 4 - rest).fill(0xff);
  out.set(data);
  return out;
}

function flashSizeToBytes(text: string | undefined): number | undefined {
  const m = text ? /^(\d+)(KB|MB)$/.exec(text) : null;
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === "MB" ? 1024 * 1024 : 1024);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits for `p`, at most `ms` (the timer is cleared, so it does not keep the process alive). */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** A region's label in messages: `app at 0x10000`. */
function label(region: ImageRegion): string {
  return `${region.name} at ${hex(region.offsetBytes)}`;
}

/**
 * Flashes an image set to one board.
 *
 * @returns what was done, once every region verified and the board was reset.
 * @throws RangeError for invalid options (programmer error).
 * @throws JobError (exit 1) with an `E_FLASH_*` id: port busy / permission / cannot open, no
 *   sync (not in download mode), wrong chip, flash too small, unplugged, no reply, MD5 mismatch.
 */
export async function flashImageSet(options: FlashJobOptions): Promise<FlashReport> {
  const baudRate = options.baudRate ?? FLASH_DEFAULTS.baudRate;
  const romBaudRate = options.romBaudRate ?? FLASH_DEFAULTS.romBaudRate;
  const rounds = options.connectRounds ?? FLASH_DEFAULTS.connectRounds;
  const regionAttempts = options.regionAttempts ?? FLASH_DEFAULTS.regionAttempts;
  const openAttempts = options.openAttempts ?? FLASH_DEFAULTS.openAttempts;
  const openRetryDelayMs = options.openRetryDelayMs ?? FLASH_DEFAULTS.openRetryDelayMs;
  const resetHold = options.resetHold ?? FLASH_DEFAULTS.resetHold;
  checkInteger("baudRate", baudRate, 9600, 4_000_000);
  checkInteger("romBaudRate", romBaudRate, 9600, 4_000_000);
  checkInteger("regionAttempts", regionAttempts, 1, 10);
  checkInteger("openAttempts", openAttempts, 1, 20);
  checkInteger("openRetryDelayMs", openRetryDelayMs, 0, 60_000);
  if (rounds.length === 0) throw new RangeError("connectRounds must not be empty");
  for (const [i, r] of rounds.entries()) {
    checkInteger(`connectRounds[${i}].attempts`, r.attempts, 1, 50);
    checkInteger(`connectRounds[${i}].extraHoldMs`, r.extraHoldMs, 0, 10_000);
  }
  const job = new FlashJob(options, { baudRate, romBaudRate, rounds, regionAttempts, openAttempts, openRetryDelayMs, resetHold });
  return job.run();
}

interface Settings {
  baudRate: number;
  romBaudRate: number;
  rounds: readonly ConnectRound[];
  regionAttempts: number;
  openAttempts: number;
  openRetryDelayMs: number;
  resetHold: boolean;
}

/** One run of the job; not reusable. */
class FlashJob {
  private readonly path: string;
  private readonly device: NodeWebSerialPort;
  private readonly transport: LoggedTransport;
  private readonly log: string[] = [];
  private partialLine = "";
  private readonly progress: { verified: string[]; inProgress?: string; percentSent?: number } = { verified: [] };
  private readonly report: (event: FlashEvent) => void;

  constructor(private readonly options: FlashJobOptions, private readonly s: Settings) {
    this.path = options.port.path;
    this.report = options.report ?? (() => {});
    this.device = new NodeWebSerialPort({
      path: this.path,
      ...(options.port.usbVendorId === undefined ? {} : { usbVendorId: options.port.usbVendorId }),
      ...(options.port.usbProductId === undefined ? {} : { usbProductId: options.port.usbProductId }),
      ...(options.createPort ? { createPort: options.createPort } : {}),
      onSignalsUnsupported: () =>
        this.note(`note: ${this.path} has no DTR/RTS lines, so bell cannot reset the board by itself.`),
    });
    this.transport = new LoggedTransport(this.device, (t) => this.logLine(t));
  }

  private note(text: string): void {
    this.report({ kind: "note", text });
  }

  private logLine(text: string): void {
    this.log.push(text);
    if (this.log.length > FLASH_DEFAULTS.logLines) this.log.shift();
    this.report({ kind: "loader-log", text });
  }

  private readonly terminal: IEspLoaderTerminal = {
    clean: () => {},
    writeLine: (data: string) => {
      this.logLine(this.partialLine + data);
      this.partialLine = "";
    },
    write: (data: string) => {
      this.partialLine += data;
    },
  };

  /** Resolves with `p`, or rejects with the PortLostError as soon as the port is lost. */
  private guard<T>(p: Promise<T>): Promise<T> {
    p.catch(() => {}); // if the loss wins the race, p settles later (esptool-js timeouts): not an error
    return Promise.race([
      p,
      this.device.whenLost().then((lost) => {
        throw lost;
      }),
    ]);
  }

  private progressNote(): FlashProgressNote {
    const { verified, inProgress, percentSent } = this.progress;
    return {
      verified,
      ...(inProgress === undefined ? {} : { inProgress }),
      ...(percentSent === undefined ? {} : { percentSent }),
    };
  }

  async run(): Promise<FlashReport> {
    const started = performance.now();
    try {
      const loader = await this.connect();
      return await this.flash(loader, started);
    } catch (err) {
      throw this.explain(err);
    } finally {
      await this.close();
    }
  }

  /** Turns any failure into the JobError the user sees. */
  private explain(err: unknown): unknown {
    if (err instanceof JobError || err instanceof RangeError) return err;
    if (err instanceof PortLostError || this.device.lostReason) {
      return new JobError(FLASH_ERROR_IDS.unplugged, withId(FLASH_ERROR_IDS.unplugged, unpluggedMessage(this.path, this.progressNote())));
    }
    if (err instanceof PortOpenError && err.failure === "missing") {
      return new JobError(FLASH_ERROR_IDS.unplugged, withId(FLASH_ERROR_IDS.unplugged, unpluggedMessage(this.path, this.progressNote())));
    }
    const detail = errorText(err);
    return new JobError(
      FLASH_ERROR_IDS.noReply,
      withId(FLASH_ERROR_IDS.noReply, noReplyMessage(this.path, this.progressNote(), detail, this.transport.baudrate || this.s.baudRate)),
    );
  }

  private async close(): Promise<void> {
    const t0 = performance.now();
    await within(this.transport.disconnect(), FLASH_DEFAULTS.closeTimeoutMs);
    await this.device.close();
    this.logLine(`closed ${this.path} in ${Math.round(performance.now() - t0)} ms`);
  }

  private newLoader(round: ConnectRound): ESPLoader {
    return new ESPLoader({
      transport: this.transport,
      baudrate: this.s.baudRate,
      romBaudrate: this.s.romBaudRate,
      terminal: this.terminal,
      debugLogging: true, // into our log: kept for diagnostics, shown with --verbose
      resetConstructors: {
        classicReset: (transport, resetDelay) => new ClassicReset(transport, resetDelay + round.extraHoldMs),
      },
    });
  }

  /** Opens the port and syncs with the ROM bootloader, round after round. */
  private async connect(): Promise<ESPLoader> {
    const mode = this.s.resetHold ? "default_reset" : "no_reset";
    if (!this.s.resetHold) {
      this.note("Put the board in download mode now: hold BOOT, press and release EN, then release BOOT.");
    }
    let tries = 0;
    let openFailures = 0;
    let announced = -1;
    for (let r = 0; r < this.s.rounds.length; ) {
      const round = this.s.rounds[r]!;
      if (announced < r) {
        this.note(
          r === 0
            ? `Connecting to the board on ${this.path}...`
            : `No answer yet; trying again${this.s.resetHold ? " with longer reset holds" : ""}...`,
        );
        announced = r;
      }
      const loader = this.newLoader(round);
      try {
        await this.guard(loader.connect(mode, round.attempts, true));
        return loader;
      } catch (err) {
        if (err instanceof PortOpenError && (err.failure === "busy" || err.failure === "permission")) {
          openFailures += 1;
          if (openFailures >= this.s.openAttempts) throw this.openFailure(err);
          const what = err.failure === "busy" ? "is in use by another program" : "cannot be opened: permission denied";
          const wait = this.s.openRetryDelayMs >= 1000 ? `${this.s.openRetryDelayMs / 1000} s` : `${this.s.openRetryDelayMs} ms`;
          this.note(`${this.path} ${what}; trying again in ${wait} (attempt ${openFailures + 1} of ${this.s.openAttempts})...`);
          await sleep(this.s.openRetryDelayMs);
          continue; // the same round again: it never reached the board
        }
        if (err instanceof PortOpenError && err.failure === "other") throw this.openFailure(err);
        if (err instanceof PortOpenError || err instanceof PortLostError || this.device.lostReason) throw err;
        tries += round.attempts;
        this.logLine(`connect round ${r + 1} failed: ${errorText(err)}`);
        await within(this.transport.disconnect(), FLASH_DEFAULTS.closeTimeoutMs);
        r += 1;
      }
    }
    const tried = !this.s.resetHold ? "no-reset-hold" : this.device.signalsSupported === false ? "no-lines" : "reset";
    throw new JobError(FLASH_ERROR_IDS.noSync, withId(FLASH_ERROR_IDS.noSync, noSyncMessage(this.path, tries, this.bootModeHint(), tried)));
  }

  /** What esptool-js saw of the board's boot message, as advice text ("" if nothing). */
  private bootModeHint(): string {
    for (let i = this.log.length - 1; i >= 0; i--) {
      const m = /bootMode:(0x[0-9a-fA-F]+) downloadMode:(true|false)/.exec(this.log[i]!);
      if (!m) continue;
      return m[2] === "true"
        ? `the board is in download mode (boot mode ${m[1]}) but its replies do not arrive: check the cable`
        : `the board started normally (boot mode ${m[1]}) instead of entering download mode`;
    }
    return "";
  }

  private openFailure(err: PortOpenError): JobError {
    if (err.failure === "busy") {
      return new JobError(FLASH_ERROR_IDS.portBusy, withId(FLASH_ERROR_IDS.portBusy, portBusyMessage(this.path, this.s.openAttempts)));
    }
    if (err.failure === "permission") {
      return new JobError(
        FLASH_ERROR_IDS.permission,
        withId(FLASH_ERROR_IDS.permission, permissionMessage(this.path, deviceGroup(this.path))),
      );
    }
    return new JobError(FLASH_ERROR_IDS.portOpen, withId(FLASH_ERROR_IDS.portOpen, portOpenMessage(this.path, err.cause)));
  }

  /** Everything after the connection: checks, stub, speed, regions, reset. */
  private async flash(loader: ESPLoader, started: number): Promise<FlashReport> {
    const images = this.options.images;
    const chipName = loader.chip.CHIP_NAME;
    if (images.chip !== undefined && chipName.toLowerCase().replace(/-/g, "") !== images.chip) {
      throw new JobError(FLASH_ERROR_IDS.wrongChip, withId(FLASH_ERROR_IDS.wrongChip, wrongChipMessage(this.path, chipName, images.chip)));
    }
    const chip = await this.guard(loader.chip.getChipDescription(loader));
    const mac = await this.guard(loader.chip.readMac(loader));
    await this.guard(loader.runStub());
    if (this.s.baudRate !== this.s.romBaudRate) await this.guard(loader.changeBaud());
    const detected = await this.guard(loader.detectFlashSize());
    const boardBytes = flashSizeToBytes(detected);
    const lastEnd = Math.max(...images.regions.map((r) => r.offsetBytes + r.data.length));
    const needBytes = images.flashSizeBytes ?? lastEnd;
    if (boardBytes !== undefined && boardBytes < needBytes) {
      throw new JobError(
        FLASH_ERROR_IDS.flashTooSmall,
        withId(FLASH_ERROR_IDS.flashTooSmall, flashTooSmallMessage(this.path, boardBytes, needBytes, images.flashSizeBytes)),
      );
    }
    const totalBytes = images.flashSizeBytes ?? boardBytes;
    if (totalBytes !== undefined) await this.guard(this.setFlashParams(loader, totalBytes));
    this.report({
      kind: "connected",
      chip,
      mac,
      baudRate: this.transport.baudrate,
      ...(detected === undefined ? {} : { flashSize: detected }),
    });

    const results: RegionResult[] = [];
    for (const region of images.regions) results.push(await this.writeRegion(loader, region));
    this.progress.inProgress = undefined;

    await this.guard(loader.after("custom_reset", false, HARD_RESET_SEQUENCE));
    const resetDone = this.device.signalsSupported !== false;
    return {
      chip,
      mac,
      baudRate: this.transport.baudrate,
      regions: results,
      elapsedMs: performance.now() - started,
      resetDone,
    };
  }

  /** SPI_SET_PARAMS: tell the loader the flash chip's size (esptool does so before writing). */
  private async setFlashParams(loader: ESPLoader, totalBytes: number): Promise<void> {
    const words = [
      SPI_SET_PARAMS.flashId,
      totalBytes,
      SPI_SET_PARAMS.blockBytes,
      SPI_SET_PARAMS.sectorBytes,
      SPI_SET_PARAMS.pageBytes,
      SPI_SET_PARAMS.statusMask,
    ];
    const pkt = new Uint8Array(words.length * 4);
    const view = new DataView(pkt.buffer);
    words.forEach((w, i) => view.setUint32(i * 4, w, true));
    await loader.checkCommand("set SPI params", SPI_SET_PARAMS.op, pkt);
  }

  /** Writes one region and verifies its MD5, with `regionAttempts` attempts. */
  private async writeRegion(loader: ESPLoader, region: ImageRegion): Promise<RegionResult> {
    const data = padTo4(region.data);
    const fileMd5 = md5Hex(data);
    this.progress.inProgress = label(region);
    for (let attempt = 1; ; attempt++) {
      const t0 = performance.now();
      this.progress.percentSent = 0;
      this.report({ kind: "region-start", region, attempt });
      let flashMd5: string;
      try {
        await this.guard(
          loader.writeFlash({
            fileArray: [{ data, address: region.offsetBytes }],
            flashMode: "keep",
            flashFreq: "keep",
            flashSize: "keep",
            eraseAll: false,
            compress: true,
            reportProgress: (_file, sentBytes, totalBytes) => {
              this.progress.percentSent = totalBytes ? Math.floor((100 * sentBytes) / totalBytes) : 100;
              this.report({ kind: "region-progress", region, sentBytes, totalBytes });
            },
          }),
        );
        flashMd5 = await this.guard(loader.flashMd5sum(region.offsetBytes, data.length));
      } catch (err) {
        if (err instanceof PortLostError || this.device.lostReason || attempt >= this.s.regionAttempts) throw err;
        const why = errorText(err);
        this.logLine(`${label(region)} attempt ${attempt} failed: ${why}`);
        this.note(`The board stopped answering while writing ${label(region)}; writing it again...`);
        continue;
      }
      if (flashMd5 === fileMd5) {
        this.progress.verified.push(label(region));
        const elapsedMs = performance.now() - t0;
        this.report({ kind: "region-done", region, md5: fileMd5, elapsedMs });
        return { name: region.name, offsetBytes: region.offsetBytes, sizeBytes: data.length, md5: fileMd5, attempts: attempt, elapsedMs };
      }
      if (attempt >= this.s.regionAttempts) {
        throw new JobError(
          FLASH_ERROR_IDS.verify,
          withId(FLASH_ERROR_IDS.verify, verifyMessage(this.path, label(region), attempt, fileMd5, flashMd5)),
        );
      }
      this.note(`${label(region)} did not verify (the board read back a different MD5); writing it again...`);
    }
  }
}
