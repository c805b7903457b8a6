/**
 * The characters the receiver's screen font has (issue 13): one definition, read by the font
 * build (`tools/font/build.ts`), by `bell provision` (a place name with any other character is
 * refused, naming it) and by the test that every shown string is drawable.
 *
 * Why these: Moddable's BMFont engine composes no combining marks and silently skips a glyph the
 * font lacks (`modules/commodetto/cfeBMF.c`; ../shared/reference/post-side-facts.md §1), so every
 * Vietnamese letter is a precomposed (NFC) code point: the 134 letters with diacritics are in
 * Latin-1 (à á â ã …), Latin Extended-A/B (ă đ ĩ ũ ơ ư) and Latin Extended Additional
 * (U+1EA0–U+1EF9). Plus printable ASCII, the rest of Latin-1 and the few marks the screens use.
 */

/** Inclusive code point ranges `[first, last]` of the screen font. */
export const SCREEN_FONT_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e], // printable ASCII
  [0xa0, 0xff], // Latin-1 letters and signs (à á â ã è é ê ì í ò ó ô õ ù ú ý, ·, °)
  [0x102, 0x103], // Ă ă
  [0x110, 0x111], // Đ đ
  [0x128, 0x129], // Ĩ ĩ
  [0x168, 0x169], // Ũ ũ
  [0x1a0, 0x1a1], // Ơ ơ
  [0x1af, 0x1b0], // Ư ư
  [0x1ea0, 0x1ef9], // Latin Extended Additional: ạ ả ấ … ỹ
  [0x2013, 0x2014], // – —
  [0x2026, 0x2026], // … (the ellipsis of a shortened name)
  [0x2192, 0x2192], // →
];

/** Every code point of the screen font, ascending. */
export function screenFontCodePoints(): number[] {
  const all: number[] = [];
  for (const [a, b] of SCREEN_FONT_RANGES) for (let c = a; c <= b; c++) all.push(c);
  return all;
}

/** Whether the screen font has code point `cp`. */
export function screenFontHas(cp: number): boolean {
  for (const [a, b] of SCREEN_FONT_RANGES) if (cp >= a && cp <= b) return true;
  return false;
}

/**
 * The first character of `text` the screen font cannot draw, or undefined when it can draw all
 * of them. A decomposed letter (a combining mark, U+0300…) is such a character: normalise to NFC
 * on the PC first.
 */
export function firstUndrawable(text: string): string | undefined {
  for (const ch of text) if (!screenFontHas(ch.codePointAt(0) as number)) return ch;
  return undefined;
}
