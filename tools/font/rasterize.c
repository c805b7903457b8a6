/*
 * rasterize: the one place a TrueType font becomes pixels (tools/font/README.md).
 *
 *   rasterize FONT.ttf PIXEL_SIZE < codepoints (one decimal a line) > glyphs
 *
 * FreeType renders each code point at PIXEL_SIZE (hinted, 8-bit coverage). Output, text then
 * bytes, all little pieces the TypeScript packer (build.ts) reads:
 *   line 1:  "face <ascender> <descender> <height>"       (pixels, FreeType size metrics)
 *   per glyph: "glyph <cp> <width> <rows> <left> <top> <advance>\n" then width*rows coverage bytes
 *   per code point the font lacks: "missing <cp>\n"
 * Exit 1 with a sentence on stderr when the font cannot be opened.
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  FT_Library lib;
  FT_Face face;
  if (argc != 3) { fprintf(stderr, "usage: rasterize FONT.ttf PIXEL_SIZE < codepoints\n"); return 2; }
  if (FT_Init_FreeType(&lib)) { fprintf(stderr, "rasterize: FreeType did not start\n"); return 1; }
  if (FT_New_Face(lib, argv[1], 0, &face)) { fprintf(stderr, "rasterize: cannot open the font %s\n", argv[1]); return 1; }
  if (FT_Set_Pixel_Sizes(face, 0, (FT_UInt)atoi(argv[2]))) { fprintf(stderr, "rasterize: the font has no size %s\n", argv[2]); return 1; }
  printf("face %ld %ld %ld\n", face->size->metrics.ascender >> 6, face->size->metrics.descender >> 6, face->size->metrics.height >> 6);
  unsigned long cp;
  while (scanf("%lu", &cp) == 1) {
    FT_UInt index = FT_Get_Char_Index(face, cp);
    if (index == 0 || FT_Load_Glyph(face, index, FT_LOAD_DEFAULT) || FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL)) {
      printf("missing %lu\n", cp);
      continue;
    }
    FT_GlyphSlot g = face->glyph;
    FT_Bitmap *b = &g->bitmap;
    printf("glyph %lu %u %u %d %d %ld\n", cp, b->width, b->rows, g->bitmap_left, g->bitmap_top, (g->advance.x + 32) >> 6);
    for (unsigned r = 0; r < b->rows; r++) fwrite(b->buffer + (long)r * b->pitch, 1, b->width, stdout);
  }
  FT_Done_Face(face);
  FT_Done_FreeType(lib);
  return 0;
}
