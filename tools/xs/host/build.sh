#!/usr/bin/env bash
# Builds wbxs (wbxs.c) against the XS 17.9.1 sources of the Moddable SDK copy that
# `make check-device` makes in build/toolchains (run it first). Output: build/xs-host/wbxs.
set -euo pipefail
cd "$(dirname "$0")/../../.."
XS=${XS_DIR:-$PWD/build/toolchains/moddable-8.2.3/xs}
OUT=$PWD/build/xs-host
[ -d "$XS/sources" ] || { echo "wbxs: $XS/sources not found: run make check-device first" >&2; exit 1; }
mkdir -p "$OUT/obj"
SOURCES=(xsAll xsAPI xsArguments xsArray xsAtomics xsBigInt xsBoolean xsCode xsCommon xsDataView xsDate xsDebug
  xsDefaults xsError xsFunction xsGenerator xsGlobal xsJSON xsLexical xsLockdown xsMapSet xsMarshall xsMath xsMemory
  xsModule xsNumber xsObject xsPlatforms xsProfile xsPromise xsProperty xsProxy xsRegExp xsRun xsScope xsScript
  xsSourceMap xsString xsSymbol xsSyntaxical xsTree xsType xsdtoa xsre)
FLAGS=(-O2 -fno-common -DINCLUDE_XSPLATFORM "-DXSPLATFORM=\"wbxs_platform.h\"" -DmxNoConsole=1 -DmxStringInfoCacheLength=4
  -I"$PWD/tools/xs/host" -I"$XS/includes" -I"$XS/platforms" -I"$XS/sources" -I"$XS/tools" -I"$XS/tools/fdlibm"
  -Wno-misleading-indentation -Wno-implicit-fallthrough)
objs=()
for s in "${SOURCES[@]}"; do
  o="$OUT/obj/$s.o"; objs+=("$o")
  [ "$o" -nt "$XS/sources/$s.c" ] && [ "$o" -nt tools/xs/host/wbxs_platform.h ] && continue
  echo "gcc -c $s.c" >&2
  gcc "${FLAGS[@]}" -c "$XS/sources/$s.c" -o "$o" &
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
done
wait
if ! [ "$OUT/obj/wbxs.o" -nt tools/xs/host/wbxs.c ] || ! [ "$OUT/obj/wbxs.o" -nt tools/xs/host/wbxs_platform.h ]; then
  gcc "${FLAGS[@]}" -Wall -Wextra -Werror -Wno-unused-parameter -c tools/xs/host/wbxs.c -o "$OUT/obj/wbxs.o"
fi
for o in "${objs[@]}" "$OUT/obj/wbxs.o"; do
  [ "$OUT/wbxs" -nt "$o" ] || { gcc -o "$OUT/wbxs" "${objs[@]}" "$OUT/obj/wbxs.o" -lm -lpthread -ldl; break; }
done
echo "$OUT/wbxs"
