/**
 * A fake ESP32 ROM bootloader (and stub loader) on the far end of a pty, speaking the serial
 * protocol esptool-js uses, with a flash byte array behind it. Written from Espressif's
 * documentation (esptool docs, "Serial Protocol"): SLIP framing; command packets
 * `00 op size16 checksum32 data`; responses `01 op size16 value32 data status`, where the status
 * is 4 bytes from the ESP32 ROM and 2 bytes from the stub; SPI_FLASH_MD5 answers 32 hex ASCII
 * bytes from the ROM and 16 raw bytes from the stub; the stub announces itself with an "OHAI"
 * packet after MEM_END; FLASH_DEFL_DATA carries zlib-compressed data (inflated here with fflate).
 *
 * Faults can be injected to test the flasher's retries and messages: never answer SYNC, drop or
 * garble replies to an op, corrupt a region after it was written (MD5 mismatch), and a hook on
 * every data block (to unplug the pty mid-write).
 *
 * This is a test double, not a protocol reference: it is exactly as strict as the tests need.
 */
import { createHash } from "node:crypto";
import { Unzlib } from "fflate";
import { SerialPort } from "serialport";

/** Command opcodes (esptool docs, "Commands"). */
export const ROM_OP = {
  flashBegin: 0x02,
  flashData: 0x03,
  flashEnd: 0x04,
  memBegin: 0x05,
  memEnd: 0x06,
  memData: 0x07,
  sync: 0x08,
  writeReg: 0x09,
  readReg: 0x0a,
  spiSetParams: 0x0b,
  spiAttach: 0x0d,
  changeBaudrate: 0x0f,
  flashDeflBegin: 0x10,
  flashDeflData: 0x11,
  flashDeflEnd: 0x12,
  spiFlashMd5: 0x13,
  getSecurityInfo: 0x14,
} as const;

/** Registers the fake answers (ESP32 addresses from esptool-js lib/targets/esp32.js). */
export const ESP32_REGS = {
  chipMagic: 0x40001000,
  efuseBase: 0x3ff5a000,
  spiBase: 0x3ff42000,
  spiUsr2: 0x3ff42000 + 0x24,
  spiW0: 0x3ff42000 + 0x80,
} as const;

const SLIP = { end: 0xc0, esc: 0xdb, escEnd: 0xdc, escEsc: 0xdd } as const;
/** ESP32 chip-detect magic value (esptool-js magic2Chip). */
const ESP32_MAGIC = 0x00f01d83;
/** SPI_CMD_REG bit that starts a user command; cleared by hardware when done. */
const SPI_CMD_USR = 1 << 18;
/** JEDEC "read identification" SPI flash command. */
const SPIFLASH_RDID = 0x9f;
/** ROM error codes (esptool docs, "ROM Loader Errors") and stub codes (0xC*, 0xFF). */
const ERR = { invalidMessage: 0x05, failed: 0x06, badCrc: 0x07, stubBadChecksum: 0xc1, stubBadData: 0xc2, unimplemented: 0xff } as const;
/** Seed of the XOR checksum of _DATA payloads (esptool docs, "Checksum"). */
const CHECKSUM_SEED = 0xef;

/** Faults to inject; counts decrease as they fire. */
export interface FakeRomFaults {
  /** Never answer SYNC (a board not in download mode). */
  noSync?: boolean;
  /**
   * Print this raw text every `bootLogEveryMs`, as a board stuck rebooting into its firmware prints
   * its boot log (it never enters download mode; use with noSync).
   */
  bootLog?: string;
  /** Period of `bootLog`, ms; default 100. */
  bootLogEveryMs?: number;
  /** Drop the next `count` replies to `op` (the host times out), from data block `fromSeq` on. */
  dropReplies?: { op: number; count: number; fromSeq?: number };
  /** Garble the next `count` replies to `op` (first byte not 0xC0), from data block `fromSeq` on. */
  garbleReplies?: { op: number; count: number; fromSeq?: number };
  /** Flip a byte in the next `count` regions right after they are written (MD5 mismatch). */
  corruptRegions?: number;
  /** Called for every flash data block received (before the reply), e.g. to unplug. */
  onFlashData?: (seq: number, regionOffsetBytes: number) => void;
}

/** Options of {@link FakeRom.open}. */
export interface FakeRomOptions {
  /** The pty end to serve. */
  path: string;
  /** Flash size in bytes; default 4 MiB. Must match `flashId`'s capacity byte for detection. */
  flashBytes?: number;
  /** JEDEC id as READ_REG of SPI W0 shows it; default 0x1640ef (Winbond, 4 MB: 2^0x16 bytes). */
  flashId?: number;
  /** MAC address the efuses hold; default 24:0a:c4:12:34:56. */
  mac?: readonly number[];
  /** Faults to inject. */
  faults?: FakeRomFaults;
}

/** What a FLASH(_DEFL)_BEGIN started. */
interface FlashWrite {
  compressed: boolean;
  offset: number;
  end: number;
  blockBytes: number;
  nextSeq: number;
  pointer: number;
  inflater?: Unzlib;
  overflow: boolean;
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function xorChecksum(data: Uint8Array): number {
  let s: number = CHECKSUM_SEED;
  for (const b of data) s ^= b;
  return s;
}

/** SLIP-encodes one packet. */
export function slipEncode(packet: Uint8Array): Buffer {
  const out: number[] = [SLIP.end];
  for (const b of packet) {
    if (b === SLIP.end) out.push(SLIP.esc, SLIP.escEnd);
    else if (b === SLIP.esc) out.push(SLIP.esc, SLIP.escEsc);
    else out.push(b);
  }
  out.push(SLIP.end);
  return Buffer.from(out);
}

/** The fake bootloader; see the file comment. */
export class FakeRom {
  /** The flash contents (erased = 0xFF). */
  readonly flash: Uint8Array;
  /** Commands received, by opcode. */
  readonly ops = new Map<number, number>();
  /** Every flash data block received, in order: region offset and sequence number. */
  readonly dataBlocks: { offsetBytes: number; seq: number }[] = [];
  /** Flash regions completed (offset, length), in order. */
  readonly regionsWritten: { offset: number; length: number }[] = [];
  /** True once the stub "runs" (after MEM_END). */
  stubRunning = false;
  /** Flash size the host set with SPI_SET_PARAMS, bytes. */
  spiParamsSizeBytes: number | undefined;
  /** Current line speed, bits/s. */
  baudRate = 115200;

  private readonly port: SerialPort;
  private readonly flashId: number;
  private readonly regs = new Map<number, number>();
  private readonly faults: FakeRomFaults;
  private frame: Uint8Array = new Uint8Array(64 * 1024);
  private frameLength = -1; // -1: between frames
  private escaping = false;
  private write: FlashWrite | undefined;
  private closed = false;
  private bootLogTimer: NodeJS.Timeout | undefined;

  private constructor(port: SerialPort, options: FakeRomOptions) {
    this.port = port;
    this.faults = { ...options.faults };
    this.flash = new Uint8Array(options.flashBytes ?? 4 * 1024 * 1024).fill(0xff);
    const mac = options.mac ?? [0x24, 0x0a, 0xc4, 0x12, 0x34, 0x56];
    this.regs.set(ESP32_REGS.chipMagic, ESP32_MAGIC);
    // efuse word 1: MAC bytes 2..5; word 2: MAC bytes 0..1 (esptool-js ESP32ROM.readMac)
    this.regs.set(ESP32_REGS.efuseBase + 4, ((mac[2]! << 24) | (mac[3]! << 16) | (mac[4]! << 8) | mac[5]!) >>> 0);
    this.regs.set(ESP32_REGS.efuseBase + 8, (mac[0]! << 8) | mac[1]!);
    // efuse word 3 bit 15: chip revision 1, package 0 (ESP32-D0WDQ6)
    this.regs.set(ESP32_REGS.efuseBase + 12, 1 << 15);
    this.flashId = options.flashId ?? 0x1640ef;
    port.on("data", (chunk: Buffer) => this.receive(chunk));
    port.on("error", () => {
      this.closed = true; // the pty went away (unplugged): nothing more to answer
    });
    const bootLog = this.faults.bootLog;
    if (bootLog) {
      this.bootLogTimer = setInterval(() => this.closed || port.write(bootLog), this.faults.bootLogEveryMs ?? 100);
    }
  }

  /** Opens the pty end and starts answering. */
  static async open(options: FakeRomOptions): Promise<FakeRom> {
    const port = new SerialPort({ path: options.path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new FakeRom(port, options);
  }

  /** Stops answering and closes the pty end. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.bootLogTimer);
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }

  /** How many commands with this opcode arrived. */
  count(op: number): number {
    return this.ops.get(op) ?? 0;
  }

  private receive(chunk: Buffer): void {
    for (const byte of chunk) {
      if (this.frameLength < 0) {
        if (byte === SLIP.end) this.frameLength = 0;
        continue; // noise between frames
      }
      if (this.escaping) {
        this.escaping = false;
        this.push(byte === SLIP.escEnd ? SLIP.end : byte === SLIP.escEsc ? SLIP.esc : byte);
        continue;
      }
      if (byte === SLIP.esc) {
        this.escaping = true;
      } else if (byte === SLIP.end) {
        if (this.frameLength > 0) this.handle(this.frame.slice(0, this.frameLength));
        this.frameLength = 0; // an END also starts the next frame
      } else {
        this.push(byte);
      }
    }
  }

  private push(byte: number): void {
    if (this.frameLength === this.frame.length) {
      const bigger = new Uint8Array(this.frame.length * 2);
      bigger.set(this.frame);
      this.frame = bigger;
    }
    this.frame[this.frameLength++] = byte;
  }

  private send(op: number, value: number, data: Uint8Array, ok: boolean, error = 0, seq?: number): void {
    if (this.closed) return;
    const status = this.stubRunning ? [ok ? 0 : 1, ok ? 0 : error] : [ok ? 0 : 1, ok ? 0 : error, 0, 0];
    const body = new Uint8Array(data.length + status.length);
    body.set(data);
    body.set(status, data.length);
    const packet = new Uint8Array(8 + body.length);
    packet[0] = 0x01;
    packet[1] = op;
    packet[2] = body.length & 0xff;
    packet[3] = body.length >> 8;
    new DataView(packet.buffer).setUint32(4, value >>> 0, true);
    packet.set(body, 8);
    let encoded = slipEncode(packet);
    if (this.fires("dropReplies", op, seq)) return;
    if (this.fires("garbleReplies", op, seq)) {
      encoded = Buffer.from(encoded);
      encoded[0] = 0x55; // line noise where the packet should start
    }
    this.port.write(encoded);
  }

  private fires(kind: "dropReplies" | "garbleReplies", op: number, seq: number | undefined): boolean {
    const f = this.faults[kind];
    if (!f || f.op !== op || f.count <= 0) return false;
    if (f.fromSeq !== undefined && (seq === undefined || seq < f.fromSeq)) return false;
    f.count -= 1;
    return true;
  }

  private ok(op: number, value = 0, data: Uint8Array = new Uint8Array(0), seq?: number): void {
    this.send(op, value, data, true, 0, seq);
  }

  private fail(op: number, error: number, seq?: number): void {
    this.send(op, 0, new Uint8Array(0), false, error, seq);
  }

  private handle(pkt: Uint8Array): void {
    if (pkt.length < 8 || pkt[0] !== 0x00) return; // not a command: the real ROM ignores it
    const op = pkt[1]!;
    const size = pkt[2]! | (pkt[3]! << 8);
    const checksum = u32(pkt, 4);
    const data = pkt.subarray(8);
    this.ops.set(op, (this.ops.get(op) ?? 0) + 1);
    if (data.length !== size) {
      this.fail(op, ERR.invalidMessage);
      return;
    }
    switch (op) {
      case ROM_OP.sync:
        if (this.faults.noSync) return;
        // the ROM answers SYNC 8 times with a non-zero value; the stub once with 0
        for (let i = 0; i < (this.stubRunning ? 1 : 8); i++) this.ok(op, this.stubRunning ? 0 : 0x20120707);
        return;
      case ROM_OP.readReg:
        this.ok(op, this.regs.get(u32(data, 0)) ?? 0);
        return;
      case ROM_OP.writeReg:
        this.writeReg(u32(data, 0), u32(data, 4), u32(data, 8));
        this.ok(op);
        return;
      case ROM_OP.spiAttach:
        this.ok(op);
        return;
      case ROM_OP.spiSetParams:
        this.spiParamsSizeBytes = u32(data, 4);
        this.ok(op);
        return;
      case ROM_OP.memBegin:
      case ROM_OP.memData:
        if (op === ROM_OP.memData && xorChecksum(data.subarray(16)) !== (checksum & 0xff)) {
          this.fail(op, ERR.badCrc);
          return;
        }
        this.ok(op);
        return;
      case ROM_OP.memEnd:
        this.ok(op);
        this.stubRunning = true;
        if (!this.closed) this.port.write(slipEncode(new TextEncoder().encode("OHAI")));
        return;
      case ROM_OP.changeBaudrate:
        this.ok(op);
        // A pty has no line speed, so the new speed is only recorded. (Changing it with
        // port.update() would flush the tty queues, and could discard this very reply.)
        this.baudRate = u32(data, 0);
        return;
      case ROM_OP.flashBegin:
      case ROM_OP.flashDeflBegin:
        this.begin(op, data);
        return;
      case ROM_OP.flashData:
      case ROM_OP.flashDeflData:
        this.dataBlock(op, data, checksum);
        return;
      case ROM_OP.flashEnd:
      case ROM_OP.flashDeflEnd:
        this.end(op);
        return;
      case ROM_OP.spiFlashMd5:
        this.md5(op, u32(data, 0), u32(data, 4));
        return;
      case ROM_OP.getSecurityInfo:
        if (this.stubRunning) this.fail(op, ERR.unimplemented);
        // the ESP32 ROM does not know this command: "invalid message" under another op byte,
        // which esptool-js reads as UnsupportedCommandError and falls back to the magic value
        else this.send(0x00, 0, new Uint8Array(0), false, ERR.invalidMessage);
        return;
      default:
        if (this.stubRunning) this.fail(op, ERR.unimplemented);
        else this.send(0x00, 0, new Uint8Array(0), false, ERR.invalidMessage);
    }
  }

  private writeReg(addr: number, value: number, mask: number): void {
    const old = this.regs.get(addr) ?? 0;
    let next = ((old & ~mask) | (value & mask)) >>> 0;
    if (addr === ESP32_REGS.spiBase && next & SPI_CMD_USR) {
      // a SPI user command: RDID loads the JEDEC id into W0; the command completes at once
      if (((this.regs.get(ESP32_REGS.spiUsr2) ?? 0) & 0xff) === SPIFLASH_RDID) this.regs.set(ESP32_REGS.spiW0, this.flashId);
      next = (next & ~SPI_CMD_USR) >>> 0;
    }
    this.regs.set(addr, next);
  }

  private begin(op: number, data: Uint8Array): void {
    const size = u32(data, 0);
    const blockBytes = u32(data, 8);
    const offset = u32(data, 12);
    const limit = this.spiParamsSizeBytes ?? this.flash.length;
    if (offset + size > Math.min(limit, this.flash.length)) {
      this.fail(op, this.stubRunning ? ERR.stubBadData : ERR.failed);
      return;
    }
    const compressed = op === ROM_OP.flashDeflBegin;
    // erase the sectors the region covers (the stub erases just in time; same result)
    const sector = 0x1000;
    this.flash.fill(0xff, offset, Math.min(this.flash.length, Math.ceil((offset + size) / sector) * sector));
    const write: FlashWrite = { compressed, offset, end: offset + size, blockBytes, nextSeq: 0, pointer: offset, overflow: false };
    if (compressed) {
      write.inflater = new Unzlib((chunk) => {
        if (write.pointer + chunk.length > write.end) {
          write.overflow = true;
          return;
        }
        this.flash.set(chunk, write.pointer);
        write.pointer += chunk.length;
      });
    }
    this.write = write;
    this.ok(op);
  }

  private dataBlock(op: number, data: Uint8Array, checksum: number): void {
    const seq = u32(data, 4);
    const payload = data.subarray(16, 16 + u32(data, 0));
    const w = this.write;
    this.dataBlocks.push({ offsetBytes: w?.offset ?? -1, seq });
    this.faults.onFlashData?.(seq, w?.offset ?? -1);
    if (!w) {
      this.fail(op, this.stubRunning ? ERR.stubBadData : ERR.failed, seq);
      return;
    }
    if (xorChecksum(payload) !== (checksum & 0xff)) {
      this.fail(op, this.stubRunning ? ERR.stubBadChecksum : ERR.badCrc, seq);
      return;
    }
    if (seq < w.nextSeq) {
      this.ok(op, 0, new Uint8Array(0), seq); // a retransmission of a block already written
      return;
    }
    if (seq > w.nextSeq) {
      this.fail(op, this.stubRunning ? ERR.stubBadData : ERR.failed, seq);
      return;
    }
    w.nextSeq += 1;
    if (w.inflater) {
      try {
        w.inflater.push(payload, false);
      } catch {
        this.fail(op, this.stubRunning ? ERR.stubBadData : ERR.failed, seq);
        return;
      }
    } else {
      const at = w.offset + seq * w.blockBytes;
      const n = Math.min(payload.length, Math.max(0, w.end - at));
      this.flash.set(payload.subarray(0, n), at);
      w.pointer = Math.max(w.pointer, at + n);
    }
    if (w.overflow) {
      this.fail(op, ERR.stubBadData, seq);
      return;
    }
    this.ok(op, 0, new Uint8Array(0), seq);
  }

  private end(op: number): void {
    const w = this.write;
    if (w?.inflater) {
      try {
        w.inflater.push(new Uint8Array(0), true);
      } catch {
        // a truncated stream: what was written stays, the MD5 will tell
      }
    }
    if (w) {
      this.regionsWritten.push({ offset: w.offset, length: w.pointer - w.offset });
      if ((this.faults.corruptRegions ?? 0) > 0 && w.pointer > w.offset) {
        this.faults.corruptRegions = this.faults.corruptRegions! - 1;
        this.flash[w.offset] = this.flash[w.offset]! ^ 0xff;
      }
    }
    this.write = undefined;
    this.ok(op);
  }

  private md5(op: number, addr: number, size: number): void {
    if (addr + size > this.flash.length) {
      this.fail(op, this.stubRunning ? ERR.stubBadData : ERR.failed);
      return;
    }
    const digest = createHash("md5").update(this.flash.subarray(addr, addr + size)).digest();
    // the stub answers 16 raw bytes, the ROM 32 hex ASCII characters
    this.ok(op, 0, this.stubRunning ? new Uint8Array(digest) : new TextEncoder().encode(digest.toString("hex")));
  }
}
