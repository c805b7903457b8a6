/**
 * Uint8Array → ArrayBuffer holding exactly its bytes, for Moddable APIs that take an
 * ArrayBuffer and refuse typed arrays (`Preference.set` stores only ArrayBuffer instances as
 * blobs: `modules/files/preference/esp32/modPreference.c`; `hmac`/`crypt` document ArrayBuffer).
 */

/** The bytes of `view` as an ArrayBuffer: the view's own buffer when it spans all of it, else a copy. */
export function exactArrayBuffer(view: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = view;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
  return view.slice().buffer as ArrayBuffer;
}
