/**
 * Receiver firmware entry point (`manifests/receiver.json`) for a board without a screen: see
 * `device.ts`. Boards with a screen (manifests/boards/screens/) are built from `main-screen.ts`.
 */
import { runReceiverDevice } from "./device.ts";

runReceiverDevice();
