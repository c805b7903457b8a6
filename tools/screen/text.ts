/**
 * The receiver's screen as text lines (issue 13), for `bell monitor --screen`: the same
 * annunciator view the panel shows (firmware/core/annunciator/), written as a framed block a
 * terminal can show — title and position, the place, the details, then the other indications
 * one a line, every one of them (a terminal has no "+N": it lists all).
 */
import { Annunciator, type AnnunciatorEvent, type View } from "../../firmware/core/annunciator/annunciator.ts";
import type { Lang } from "../../firmware/core/messages/index.ts";
import { toTicks } from "../../firmware/core/ticks.ts";

const MARK: Record<View["tone"], string> = { alarm: "!", acknowledged: "✓", fault: "×", status: "·" };

/** `view` as text lines. */
export function screenLines(view: View): string[] {
  const head = view.position === "" ? view.title : `${view.title}  ${view.position}`;
  return [`┌ ${MARK[view.tone]} ${head}`, `│ ${view.headline}`, ...view.details.map((d) => `│ ${d}`), ...view.others.map((o) => `│ ${MARK[o.tone]} ${o.text}`), "└"];
}

/** Follows one receiver's event lines and gives its screen as text when it changes. */
export class ScreenTextWatcher {
  private readonly annunciator: Annunciator;
  private last = "";
  private caller = false;

  constructor(lang: Lang) {
    this.annunciator = new Annunciator({ lang });
  }

  /**
   * Takes one event line (`t` = ms since the board's boot); returns the screen's lines when what
   * it shows changed, else undefined.
   */
  onEvent(e: AnnunciatorEvent & { t?: unknown }): string[] | undefined {
    if (e.event === "boot") this.caller = e.role === "caller";
    if (this.caller) return undefined; // a caller's console: it has no screen
    const now = toTicks(typeof e.t === "number" ? e.t : 0);
    if (!this.annunciator.apply(e, now)) return undefined;
    const lines = screenLines(this.annunciator.view(now));
    const key = lines.join("\n");
    if (key === this.last) return undefined;
    this.last = key;
    return lines;
  }
}
