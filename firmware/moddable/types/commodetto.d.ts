/**
 * The parts of Commodetto/Poco the screen adapter uses (Moddable SDK 8.2.3
 * `typings/commodetto/Poco.d.ts`, `parseBMF.d.ts`, `typings/Resource.d.ts`), and the `screen`
 * global `setup/commodetto` creates from `config.screen`.
 */
declare module "commodetto/Poco" {
  export interface Font {
    readonly height: number;
  }
  export default class Poco {
    constructor(pixelsOut: object, options?: { displayListLength?: number; rotation?: number });
    readonly width: number;
    readonly height: number;
    begin(x?: number, y?: number, width?: number, height?: number): void;
    end(): void;
    makeColor(r: number, g: number, b: number): number;
    fillRectangle(color: number, x: number, y: number, width: number, height: number): void;
    drawText(text: string, font: Font, color: number, x: number, y: number, width?: number): void;
    getTextWidth(text: string, font: Font): number;
    clip(x?: number, y?: number, width?: number, height?: number): void;
  }
}
declare module "commodetto/parseBMF" {
  import type { Font } from "commodetto/Poco";
  export default function parseBMF(data: ArrayBuffer | object): Font;
}
declare module "Resource" {
  export default class Resource {
    constructor(path: string);
    readonly byteLength: number;
  }
}
declare var screen: object;
