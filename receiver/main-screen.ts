/**
 * Receiver firmware entry point for the boards with a screen (manifests/boards/screens/: the
 * Makefile and tools/toolchain/check-device.sh bundle it in place of `main.ts` for those pin
 * maps): the same start-up (`device.ts`) with the screen of the build's manifest part
 * (`firmware/moddable/screen-sdk.ts`, Poco and the font resources).
 */
import { openScreen } from "../firmware/moddable/screen-sdk.ts";
import { runReceiverDevice } from "./device.ts";

runReceiverDevice(openScreen);
