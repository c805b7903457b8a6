import type { View } from "../core/annunciator/annunciator.ts";
import type { Lang } from "../core/messages/index.ts";

/**
 * The receiver's screen (issue 13): draws the annunciator's view (`firmware/core/annunciator/`)
 * with the layout of `firmware/core/screen/`. The device's is Poco on the panel
 * (`firmware/moddable/screen-sdk.ts`), the simulator's a framebuffer (`tools/screen/recorder.ts`).
 */
export interface Screen {
  /** The language the build shows (`vi`; `en` is a build option). Default `vi`. */
  readonly lang?: Lang;
  /**
   * Draws `view`: one full frame. Called by the receiver app after an input changed what is
   * shown, after the siren and the ack were handled (rendering never delays them).
   */
  show(view: View): void;
}

/**
 * Opens the board's screen.
 * @throws Error naming what is missing when the build has no usable screen.
 */
export type OpenScreen = () => Screen;
