/**
 * The receiver's screen in the simulator (issue 13): the framebuffer-backed hal screen
 * (`firmware/hal/screen.ts`) each simulated receiver opens, so what is drawn is what the
 * receiver app's own wiring shows (`receiver/app.ts`). At each change of the view it draws it
 * with the device's layout and fonts into a framebuffer and writes a PNG (`bell sim --screens DIR`).
 *
 * Files: `<DIR>/<device>-<NNN>-<t ms>-<screen>.png`, NNN counting from 001 in order. Time to
 * screen: each picture is on the panel `transferMs` after the view was drawn (the whole frame
 * over the profile's bus; `screenTransferMs`), reported in `frames`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { View } from "../../firmware/core/annunciator/annunciator.ts";
import type { Lang } from "../../firmware/core/messages/index.ts";
import type { ScreenProfile } from "../../firmware/core/screen/profiles.ts";
import type { Screen } from "../../firmware/hal/screen.ts";
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
  /** The language of the receivers' builds (`Screen.lang`). */
  readonly lang: Lang;
}

/**
 * The screens of a simulation's receivers (`RunOptions.screens` of `tools/sim/run.ts`), and the
 * pictures they drew.
 */
export class ScreenRecorder {
  readonly frames: ScreenFrame[] = [];
  private readonly screens = new Map<string, DeviceScreen>();

  constructor(private readonly o: ScreenRecorderOptions) {
    if (o.dir !== undefined) mkdirSync(o.dir, { recursive: true });
  }

  /**
   * The hal screen of receiver `device` (called at each of its power-ups; what it showed last
   * is kept, so an unchanged view after a reboot is no new picture).
   * @param nowMs the virtual time, ms (the `t` of the run's events).
   */
  open(device: string, nowMs: () => number): Screen {
    if (!this.screens.has(device)) this.screens.set(device, { last: "", pending: undefined });
    const s = this.screens.get(device)!;
    return {
      lang: this.o.lang,
      show: (view: View) => {
        const t = nowMs();
        // Several draws at the same virtual time make one picture: the last of them.
        for (const [id, other] of this.screens) if (other.pending !== undefined && other.pending.t < t) this.flush(id, other);
        s.pending = { t, view };
      },
    };
  }

  /** Writes the pictures still pending (call once the run is over). */
  finish(): void {
    for (const [id, s] of this.screens) this.flush(id, s);
  }

  private flush(device: string, s: DeviceScreen): void {
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

interface DeviceScreen {
  last: string;
  pending: { t: number; view: View } | undefined;
}
