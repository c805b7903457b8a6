/**
 * The receiver's screen with the real Moddable modules (device only, like device-sdk.ts): Poco
 * over the `screen` global that `setup/commodetto` creates from the manifest's `config.screen`
 * (manifests/screen-ili9341.json or screen-ssd1306.json), and the profile's two fonts from their
 * compressed `-mask` resources.
 *
 * Wiring in the receiver (issue 12 owns receiver/): `const screen = openScreen(profile)`, then
 * `screen.show(annunciator.view(now, wall))` after each event the annunciator takes.
 */
import Poco from "commodetto/Poco";
import parseBMF from "commodetto/parseBMF";
import Resource from "Resource";
import config from "mc/config";
import { screenProfile } from "../core/screen/profiles.ts";
import { PocoScreen } from "./poco-screen.ts";

/**
 * Opens the screen of the profile named by `config.wbScreen` (the manifest part sets it).
 * @throws RangeError when the build has no screen part, or names an unknown profile.
 */
export function openScreen(): PocoScreen<ReturnType<typeof parseBMF>> {
  if (typeof config.wbScreen !== "string") throw new RangeError("this build has no screen: include manifests/screen-ili9341.json or screen-ssd1306.json");
  const profile = screenProfile(config.wbScreen);
  const font = (resource: string) => parseBMF(new Resource(`${resource}.bf4`));
  return new PocoScreen(new Poco(screen), profile, { small: font(profile.fonts.small.resource), large: font(profile.fonts.large.resource) });
}
