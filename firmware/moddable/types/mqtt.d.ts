/**
 * Moddable's legacy MQTT client (`modules/network/mqtt/mqtt.js`, manifest
 * `$(MODULES)/network/mqtt/manifest.json`, `documentation/network/network.md` §MQTT): MQTT 3.1.1
 * over TCP (or WebSocket with `path`), clean session, subscriptions at QoS 0, no PUBACK callback.
 * The SDK ships no declaration for it (`typings/` has only "mqtt/js" and the ECMA-419 client).
 * Only what `firmware/moddable/mqtt-radio.ts` uses is declared. This file is for the device
 * type-check (`firmware/moddable/tsconfig.json`); the root project excludes `types/`, where the
 * bare specifier "mqtt" is MQTT.js.
 */
declare module "mqtt" {
  export interface ClientOptions {
    /** Broker host name or address (required). */
    host: string;
    /** TCP port, default 1883 (80 with `path`). */
    port?: number;
    /** MQTT client id, default "". */
    id?: string;
    user?: string;
    password?: ArrayBuffer;
    /** Last Will; `retain` and `quality` are sent by SDK versions from 2024 on. */
    will?: { topic: string; message: string | ArrayBuffer; retain?: boolean; quality?: 0 | 1 | 2 };
    /** Keep-alive in ms (sent rounded up to whole seconds); 0 = none. */
    timeout?: number;
    /** MQTT over WebSocket at this path. */
    path?: string;
  }

  export default class Client {
    constructor(options: ClientOptions);
    /** CONNACK accepted (called from a timer, on a later turn). */
    onReady?: () => void;
    /** A PUBLISH arrived: topic and payload. */
    onMessage?: (topic: string, data: ArrayBuffer) => void;
    /** The connection failed or closed; the instance cannot be reused. */
    onClose?: () => void;
    /** @throws Error("connection closed") before `onReady` or after closing. */
    subscribe(topic: string): void;
    unsubscribe(topic: string): void;
    /** @throws Error("connection closed") before `onReady` or after closing. */
    publish(topic: string, data: string | ArrayBuffer, flags?: { retain?: boolean; quality?: 0 | 1 | 2; duplicate?: boolean }): void;
    /** Sends DISCONNECT unless `immediate`, then closes the socket. */
    close(immediate?: boolean): void;
  }
}
