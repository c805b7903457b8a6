/**
 * The receiver's screen in the simulator (issue 13): a sim-side observer that feeds each
 * receiver's emitted events (ARCHITECTURE §3) to an annunciator, and at each change of what the
 * screen shows draws it with the device's layout and fonts into a framebuffer and writes a PNG
 * (`bell sim --screens DIR`). Until the receiver's policy owns its annunciator (issue 12), the
 * screen is derived here from the event stream, which is all the policy will feed it.
 *
 * Files: `<DIR>/<device>-<NNN>-<t ms>-<screen>.png`, NNN counting from 001 in order. Time to
 * screen: each picture is on the panel `transferMs` after the event that changed it (the whole
 * frame over the profile's bus; `screenTransferMs`), reported in `frames`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Annunciator, type View } from "../../firmware/core/annunciator/annunciator.ts";
import type { Lang } from "../../firmware/core/messages/index.ts";
import type { ScreenProfile } from "../../firmware/core/screen/profiles.ts";
import { toTicks } from "../../firmware/core/ticks.ts";
import { renderView } from "./framebuffer.ts";

/** Bytes of one full frame on the panel: rgb565 2 bytes a pixel; SSD1306 1 bit a pixel. */
export function frameBytes(profile: ScreenProfile): number {
  return profile.monochrome ? (profile.width * profile.height) / 8 : profile.width * profile.height * 2;
}

/**
 * Time to send one full frame over the profile's bus, ms — the lower bound the bus clock allows.
 * SPI (ILI9341): 8 clocks a byte. I²C (SSD1306): the Moddable driver sends each band of 8 lines
 * as one write of the address byte, a 0x40 control byte and `width` data bytes
 * (modules/drivers/ssd1306/modSsd1306.c), each byte 9 clocks with its ack.
 */
export function screenTransferMs(profile: ScreenProfile): number {
  const bits = profile.bus === "spi" ? frameBytes(profile) * 8 : (profile.height / 8) * (profile.width + 2) * 9;
  return (bits / profile.busHz) * 1000;
}

/** One picture written. */
export interface ScreenFrame {
  readonly device: string;
  /** Virtual ms of the event that changed the screen. */
  readonly t: number;
  /** Virtual ms when the whole frame is on the panel (t + transfer). */
  readonly shownAt: number;
  readonly screen: View["screen"];
  readonly headline: string;
  readonly file: string | undefined;
}

/** Options of `ScreenRecorder`. */
export interface ScreenRecorderOptions {
  /** Folder for the PNGs (created); undefined: record frames, write nothing. */
  readonly dir: string | undefined;
  readonly profile: ScreenProfile;
  readonly lang: Lang;
  /** Scenario device ids of the receivers. */
  readonly receivers: readonly string[];
  /** Wall clock at virtual time 0, Unix s (scenario `wall_clock_start_s`), when known. */
  readonly wallClockStartS?: number;
}

/** Watches a simulation's events and records each receiver's screen. */
export class ScreenRecorder {
  readonly frames: ScreenFrame[] = [];
  private readonly screens = new Map<string, Screen>();

  constructor(private readonly o: ScreenRecorderOptions) {
    if (o.dir !== undefined) mkdirSync(o.dir, { recursive: true });
    for (const id of o.receivers) this.screens.set(id, { a: new Annunciator({ lang: o.lang }), last: "", pending: undefined });
  }

  /**
   * Takes one event of the run (any device; only receivers' count). Several events at the same
   * virtual time make one picture: the screen as it is after the last of them.
   */
  onEvent(e: { t: number; device?: string; event: string; [k: string]: unknown }): void {
    for (const [id, s] of this.screens) if (s.pending !== undefined && s.pending.t < e.t) this.flush(id, s);
    const s = e.device === undefined ? undefined : this.screens.get(e.device);
    if (s === undefined) return;
    const wall = this.o.wallClockStartS === undefined ? undefined : this.o.wallClockStartS + Math.floor(e.t / 1000);
    if (!s.a.apply(e, toTicks(e.t), wall)) return;
    s.pending = { t: e.t, view: s.a.view(toTicks(e.t), wall) };
  }

  /** Writes the pictures still pending (call once the run is over). */
  finish(): void {
    for (const [id, s] of this.screens) this.flush(id, s);
  }

  private flush(device: string, s: Screen): void {
    const p = s.pending;
    s.pending = undefined;
    if (p === undefined) return;
    const key = JSON.stringify(p.view);
    if (key === s.last) return;
    s.last = key;
    let file: string | undefined;
    if (this.o.dir !== undefined) {
      const { fb } = renderView(p.view, this.o.profile);
      file = join(this.o.dir, `${device}-${String(this.frames.length + 1).padStart(3, "0")}-${p.t}ms-${p.view.screen}.png`);
      writeFileSync(file, fb.png());
    }
    this.frames.push({ device, t: p.t, shownAt: p.t + screenTransferMs(this.o.profile), screen: p.view.screen, headline: p.view.headline, file });
  }
}

interface Screen {
  readonly a: Annunciator;
  last: string;
  pending: { t: number; view: View } | undefined;
}
