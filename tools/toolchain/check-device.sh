#!/usr/bin/env bash
# `make check-device`: the device image through the real Moddable SDK 8.2.3 tools and the real
# ESP-IDF v6.0 headers, without an ESP32, xtensa gcc or the internet (tools/toolchain/README.md).
#
#   1. toolchain: copy ../shared/toolchains/{moddable-8.2.3,esp-idf-v6.0} into build/toolchains
#      (never write into ../shared), make the ESP-IDF copy a git repository tagged v6.0 (Moddable's
#      make.esp32.mk reads the version with `git describe`), build the Moddable host tools (xsc,
#      xsid, xsl, then mcconfig, mcrez, compressbmf, … with tools.mk). Cached by a stamp keyed on
#      the vendored files and TOOLCHAIN_RECIPE.
#   2. for each role (caller, receiver) and each pin map (manifests/boards/*.json): bundle the
#      role, run the real `mcconfig -i -p $BOARD -t build`, then the generated makefile as far as
#      mc.xs.c and mc.resources.c (xsc on every module, xsid on every native, xsl links them,
#      mcrez); check that the set of the project's C files in the build is every C file of the
#      project; compile each with the generated makefile's own rule (Moddable's C_DEFINES and
#      C_INCLUDES) by host gcc -m32 against the real ESP-IDF and newlib headers with
#      -Wall -Wextra -Werror (tools/toolchain/host-cc.sh); check that every native function the
#      linked image calls is defined by a C file in the build. Cached by a stamp keyed on the
#      inputs (firmware/, receiver/, manifests/, this folder, the toolchain stamp; not *.md).
#   3. write build/check-device/report.json: bytecode sizes per app (bench/footprint.ts reads it).
#   Also builds build/xs-host/wbxs (tools/xs/host/build.sh, incremental): XS 17.9.1 as the worker
#   of `bell sim --engine xs` (WB_XS_WORKER=build/xs-host/wbxs; docs/xs-engine.md).
#
# Usage: tools/toolchain/check-device.sh [--c-only] [--c-file NAME=PATH]
#   --c-only           run only the C compile of step 2 (uses the cached generated build of the
#                      first role and pin map; builds it first when missing). `make check-native`.
#   --c-file NAME=PATH compile PATH in place of the project C file named NAME (e.g.
#                      espnow.c=/tmp/x/espnow.c), with the same rule; with --c-only.
# Environment: WB_TOOLCHAINS (default ../shared/toolchains from the repo root), BOARD (default
#   esp32/nodemcu), WB_CHECK_DEVICE_OUT (default build/check-device).
# Exit status: 0 passed or skipped (toolchains absent: a message names the folder), 1 failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

TOOLCHAIN_RECIPE=1   # bump when the way the toolchain is copied or built changes
SRC=${WB_TOOLCHAINS:-$(realpath -m "$ROOT/../shared/toolchains")}
BOARD=${BOARD:-esp32/nodemcu}
TC=$ROOT/build/toolchains
OUT=${WB_CHECK_DEVICE_OUT:-$ROOT/build/check-device}
M=$TC/moddable-8.2.3
IDF=$TC/esp-idf-v6.0
JOBS=$(nproc 2>/dev/null || echo 2)

c_only=0
declare -A c_files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --c-only) c_only=1; shift ;;
    --c-file) [ $# -ge 2 ] && [[ "$2" == *=* ]] || { echo "check-device: --c-file needs NAME=PATH" >&2; exit 1; }
              c_files[${2%%=*}]=$(realpath -m "${2#*=}"); shift 2 ;;
    *) echo "check-device: unknown argument: $1 (see the comment at the top of $0)" >&2; exit 1 ;;
  esac
done

say() { printf 'check-device: %s\n' "$*" >&2; }
fail() { printf 'check-device: FAILED: %s\n' "$*" >&2; exit 1; }

for part in moddable-8.2.3 esp-idf-v6.0 newlib-esp32/include; do
  if [ ! -d "$SRC/$part" ]; then
    echo "check-device: the vendored toolchains were not found in $SRC/$part (../shared/toolchains from the repo root, or WB_TOOLCHAINS): skipped"
    exit 0
  fi
done

# One check at a time per checkout (tests may start several): the builds share build/.
mkdir -p "$ROOT/build"
exec 9>"$ROOT/build/.check-device.lock"
flock 9

export MODDABLE=$M IDF_PATH=$IDF XS_DIR=$M/xs BUILD_DIR=$M/build
export PATH=$M/build/bin/lin/release:$PATH
export WB_NEWLIB=$SRC/newlib-esp32/include WB_PROJECT=$ROOT

hash_tree() { # paths... → one sha256 of every file's path and content
  find "$@" -type f -not -name '*.log' -not -name '*.md' -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}

# ---- 1. toolchain -----------------------------------------------------------------------------
toolchain_key=$( { echo "recipe $TOOLCHAIN_RECIPE"; gcc --version | head -1;
  (cd "$SRC" && find moddable-8.2.3 esp-idf-v6.0 -type f -printf '%P %s\n' | LC_ALL=C sort); } | sha256sum | cut -c1-16)
if [ "$(cat "$TC/stamp" 2>/dev/null)" != "$toolchain_key" ]; then
  say "building the Moddable SDK 8.2.3 host tools from $SRC (once; about 3 min of 2 cores)"
  rm -rf "$TC"
  mkdir -p "$TC"
  cp -a "$SRC/moddable-8.2.3" "$SRC/esp-idf-v6.0" "$TC/"
  chmod -R u+w "$TC"
  (cd "$IDF" && git init -q && git add -A && git -c user.name=warning-bell -c user.email=ci@localhost commit -qm "ESP-IDF v6.0 headers (vendored copy)" \
    && git -c user.name=warning-bell -c user.email=ci@localhost tag -a v6.0 -m "ESP-IDF v6.0")
  [ "$(cd "$IDF" && git describe --always --abbrev=0)" = v6.0 ] || fail "the ESP-IDF copy does not describe itself as v6.0"
  for mk in xsc xsid xsl; do
    (cd "$M/xs/makefiles/lin" && make GOAL=release -j"$JOBS" -f "$mk.mk" >"$TC/$mk.log" 2>&1) || { tail -30 "$TC/$mk.log" >&2; fail "building $mk (log: $TC/$mk.log)"; }
  done
  (cd "$M/build/makefiles/lin" && make GOAL=release -j"$JOBS" -f tools.mk >"$TC/tools.log" 2>&1) || { tail -30 "$TC/tools.log" >&2; fail "building the Moddable tools (log: $TC/tools.log; needs Debian's libglib2.0-dev)"; }
  for tool in xsc xsid xsl mcconfig mcrez compressbmf; do
    [ -x "$M/build/bin/lin/release/$tool" ] || fail "the Moddable tools build did not produce $tool"
  done
  echo "$toolchain_key" >"$TC/stamp"
fi

# The device's own XS (17.9.1) as the simulator's worker (tools/xs/host/wbxs.c; incremental).
tools/xs/host/build.sh >"$TC/wbxs.log" 2>&1 || { tail -30 "$TC/wbxs.log" >&2; fail "building wbxs, the XS 17.9.1 worker (log: $TC/wbxs.log)"; }

# ---- 2. every role × pin map ------------------------------------------------------------------
mapfile -t pin_maps < <(cd manifests/boards && ls -1 *.json | sed 's/\.json$//')
[ ${#pin_maps[@]} -gt 0 ] || fail "no pin map in manifests/boards/"
roles=(caller receiver)
declare -A entry=([caller]=firmware/caller/main.ts [receiver]=receiver/main.ts)
# Every C file of the project, by file name (Moddable names objects by file name).
mapfile -t project_c < <(find firmware receiver -name '*.c' | LC_ALL=C sort)

tmp_dir_of() { echo "$OUT/$1-$2/tmp/${BOARD}/instrument/$1"; }

generate() { # role pins [mcconfig flags]: bundle, mcconfig, xsc/xsid/xsl/mcrez through the generated makefile
  local role=$1 pins=$2 flags=${3:-} out="$OUT/$1-$2" tmp
  tmp=$(tmp_dir_of "$role" "$pins")
  npx esbuild "${entry[$role]}" --bundle --format=esm --platform=neutral --target=es2022 \
    --packages=external --legal-comments=none --log-level=warning --outfile="build/device/$role/main.js"
  rm -rf "$out" && mkdir -p "$out"
  (cd manifests && WB_BOARD_PINS=$pins mcconfig -i $flags -p "$BOARD" -t build -o "$out" "$role.json" >"$out/mcconfig.log" 2>&1) \
    || { cat "$out/mcconfig.log" >&2; fail "mcconfig $role ($BOARD, pins $pins)"; }
  [ -f "$tmp/makefile" ] || fail "mcconfig wrote no makefile in $tmp"
  # What idf.py reconfigure would write (no ESP-IDF here): the vendored ESP32 sdkconfig.h.
  mkdir -p "$tmp/xsProj-esp32/build/config"
  cp "$IDF/config/sdkconfig.h" "$tmp/xsProj-esp32/build/config/sdkconfig.h"
  (cd "$tmp" && make -f makefile "$tmp/mc.xs.c" "$tmp/mc.resources.c" MAKEFLAGS_JOBS=-j"$JOBS" >"$out/xs.log" 2>&1) \
    || { tail -40 "$out/xs.log" >&2; fail "xsc/xsid/xsl $role ($BOARD, pins $pins) (log: $out/xs.log)"; }
  grep -h '^###' "$out/xs.log" >&2 || true
}

# Moddable's compile rule, host gcc in place of xtensa gcc: C_COMMON_FLAGS without the two
# xtensa-only options (-mlongcalls -mtext-section-literals); C_FLAGS with -Wall -Wextra -Werror
# instead of Moddable's -Wno-implicit-function-declaration (an undeclared ESP-IDF call is an error).
HOST_C_COMMON_FLAGS='-c -Os -g -Wpointer-arith -fno-inline-functions -nostdlib -falign-functions=4 -MMD -fdata-sections -ffunction-sections -fno-jump-tables -fstrict-volatile-bitfields -DWITH_POSIX -DHAVE_CONFIG_H -D BOOTLOADER_BUILD=1 -DESP_PLATFORM -MP'
HOST_C_FLAGS='$(C_COMMON_FLAGS) -std=gnu17 -Wall -Wextra -Werror'
compile_c() { # role pins → compiles every project C file of that build; prints the commands
  local role=$1 pins=$2 tmp src name obj rc=0
  tmp=$(tmp_dir_of "$role" "$pins")
  mapfile -t in_build < <(grep -oE "^\\\$\(TMP_DIR\)/[^ :]+\.c\.o: $ROOT/(firmware|receiver)/[^ ]+\.c" "$tmp/makefile" | sed -E 's/.*: //' | LC_ALL=C sort)
  local want have
  want=$(printf '%s\n' "${project_c[@]}" | sed "s|^|$ROOT/|")
  have=$(printf '%s\n' "${in_build[@]}")
  [ "$want" = "$have" ] || fail "the $role build ($BOARD, pins $pins) compiles $(echo $have) but the project's C files are $(echo $want): add the missing one to a manifest"
  for src in "${in_build[@]}"; do
    name=$(basename "$src")
    obj="$tmp/$name.o"
    rm -f "$obj"
    if [ -n "${c_files[$name]:-}" ]; then
      # The same rule on a substitute file (tests): the generated makefile's own variables.
      (cd "$tmp" && make -f makefile --no-print-directory VERBOSE=1 MAKEFLAGS_JOBS= CC="$ROOT/tools/toolchain/host-cc.sh" \
        C_COMMON_FLAGS="$HOST_C_COMMON_FLAGS" C_FLAGS="$HOST_C_FLAGS" \
        --eval "wb-substitute: ; \$(CC) \$(C_DEFINES) \$(C_INCLUDES) \$(C_FLAGS) ${c_files[$name]} -o $tmp/substitute-$name.o" wb-substitute) || rc=1
    else
      (cd "$tmp" && make -f makefile --no-print-directory VERBOSE=1 MAKEFLAGS_JOBS= CC="$ROOT/tools/toolchain/host-cc.sh" \
        C_COMMON_FLAGS="$HOST_C_COMMON_FLAGS" C_FLAGS="$HOST_C_FLAGS" "$obj") || rc=1
    fi
  done
  [ $rc -eq 0 ] || fail "the C modules of the $role build ($BOARD, pins $pins) do not compile against ESP-IDF v6.0 and Moddable 8.2.3"
}

check_natives() { # role pins: every host function mc.xs.c calls is defined by a C file of the
  # build; prints those the project's own C files define
  local role=$1 pins=$2 tmp
  tmp=$(tmp_dir_of "$role" "$pins")
  local called ours defined missing
  called=$(grep -oE '^\s*\{ (\(xsCallback\))?xs_[A-Za-z0-9_]+,' "$tmp/mc.xs.c" | grep -oE 'xs_[A-Za-z0-9_]+' | LC_ALL=C sort -u)
  [ -n "$called" ] || fail "no host function table found in $tmp/mc.xs.c"
  # Ours: compiled above, so read from the objects. Moddable's are not compiled here: a function
  # definition in the SDK's C sources (a line opening `[void ]xs_name(` with no `;`) counts.
  ours=$(for src in "${project_c[@]}"; do nm -g --defined-only "$tmp/$(basename "$src").o"; done | awk '{print $3}' | LC_ALL=C sort -u)
  defined=$( { echo "$ours"; grep -rhoE --include='*.c' '^(void[[:space:]]+)?xs_[A-Za-z0-9_]+[[:space:]]*\([^;]*$' "$M/modules" "$M/xs/platforms" | grep -oE 'xs_[A-Za-z0-9_]+'; } | LC_ALL=C sort -u)
  missing=$(comm -23 <(echo "$called") <(echo "$defined"))
  [ -z "$missing" ] || fail "the $role image calls native functions no C file of the build defines: $(echo $missing)"
  comm -12 <(echo "$called") <(echo "$ours") | tr '\n' ' '
}

# The checkout's own path is an input: the generated makefiles name every source by its absolute
# path, so a build/ copied from another checkout (a warm clone) must be rebuilt, not reused.
inputs_key=$( { echo "$(cat "$TC/stamp") $BOARD $ROOT"; hash_tree firmware receiver manifests tools/toolchain tools/font; } | sha256sum | cut -c1-16)

if [ $c_only -eq 1 ]; then
  role=${roles[0]} pins=${pin_maps[0]}
  [ -f "$(tmp_dir_of "$role" "$pins")/mc.xs.c" ] || generate "$role" "$pins"
  compile_c "$role" "$pins"
  say "C modules compiled with the $role build's rule against ESP-IDF v6.0 (host gcc -m32, -Wall -Wextra -Werror)"
  exit 0
fi

if [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$inputs_key" ]; then
  say "passed (cached: nothing changed since $(date -r "$OUT/stamp" -u +%FT%TZ); report: $OUT/report.json)"
  exit 0
fi
rm -f "$OUT/stamp"
mkdir -p "$OUT"
report="{\"moddable\":\"8.2.3\",\"xs\":\"17.9.1\",\"espIdf\":\"v6.0\",\"board\":\"$BOARD\",\"builds\":["
sep=""
for role in "${roles[@]}"; do
  for pins in "${pin_maps[@]}"; do
    say "$role, $BOARD, pins $pins: mcconfig, xsc, xsid, xsl, mcrez"
    generate "$role" "$pins"
    compile_c "$role" "$pins" >"$OUT/$role-$pins/cc.log"   # the commands; gcc's complaints on stderr
    natives=$(check_natives "$role" "$pins")
    n_called=$(grep -cE '^\s*\{ (\(xsCallback\))?xs_[A-Za-z0-9_]+,' "$(tmp_dir_of "$role" "$pins")/mc.xs.c")
    tmp=$(tmp_dir_of "$role" "$pins")
    main_xsb=$(stat -c %s "$tmp/modules/main.xsb")
    all_xsb=$(find "$tmp/modules" -name '*.xsb' -printf '%s\n' | awk '{s+=$1} END {print s}')
    n_xsb=$(find "$tmp/modules" -name '*.xsb' | wc -l)
    linked=$(grep -h '^###' "$OUT/$role-$pins/xs.log" | head -1 | sed 's/^### //')
    # The modem UART (issue 14): the bundle opens device.io.Serial and the image binds Moddable's
    # ESP32 serial natives (modules/io/serial/esp32/serial.c), so the adapter has its SDK module.
    modem_uart=false
    if grep -q 'device\.io\.Serial' "build/device/$role/main.js" && grep -qE '^\s*\{ (\(xsCallback\))?xs_serial_constructor,' "$tmp/mc.xs.c"; then modem_uart=true; fi
    say "$role, pins $pins: main.xsb $main_xsb bytes; $n_xsb modules $all_xsb bytes of bytecode; $n_called natives bound, $(echo $natives | wc -w) of them ours; xsl: $linked"
    report+="$sep{\"role\":\"$role\",\"pins\":\"$pins\",\"mainXsbBytes\":$main_xsb,\"modules\":$n_xsb,\"allXsbBytes\":$all_xsb,\"nativesBound\":$n_called,\"projectNatives\":[$(printf '"%s",' $natives | sed 's/,$//')],\"modemUart\":$modem_uart,\"xsl\":\"$linked\"}"
    sep=","
  done
done
# ---- 2b. the receiver with a screen (issue 13): each manifests/boards/screens/*.json --------
# Receiver only (a caller has no screen). The fonts are built first (tools/font/build.ts); the
# real png2bmp and compressbmf turn them into the .bf4 resources Poco draws, mcrez links them.
node --import tsx tools/font/build.ts >"$OUT/fonts.log" 2>&1 || { cat "$OUT/fonts.log" >&2; fail "building the screen fonts (tools/font/README.md)"; }
report+="],\"screenBuilds\":["
sep=""
entry[receiver]=receiver/main-screen.ts # the receiver that opens the screen (Makefile DEVICE_ENTRY_receiver)
for f in manifests/boards/screens/*.json; do
  pins=screens/$(basename "$f" .json)
  flags=""
  case $pins in *ssd1306) flags="-f gray256" ;; esac # the SSD1306 driver takes gray256 pixels
  say "receiver, $BOARD, pins $pins $flags: mcconfig, xsc, xsid, xsl, mcrez with the screen fonts"
  generate receiver "$pins" "$flags"
  compile_c receiver "$pins" >"$OUT/receiver-$pins/cc.log"
  check_natives receiver "$pins" >/dev/null
  tmp=$(tmp_dir_of receiver "$pins")
  fonts=$(find "$tmp/resources" -name 'wb-*.bf4' -printf '%f:%s\n' 2>/dev/null | LC_ALL=C sort | tr '\n' ' ')
  [ -n "$fonts" ] || fail "the receiver with $pins has no screen font resource (wb-*.bf4)"
  all_xsb=$(find "$tmp/modules" -name '*.xsb' -printf '%s\n' | awk '{s+=$1} END {print s}')
  say "receiver, pins $pins: $all_xsb bytes of bytecode; fonts $fonts"
  report+="$sep{\"role\":\"receiver\",\"pins\":\"$pins\",\"allXsbBytes\":$all_xsb,\"fonts\":\"${fonts% }\"}"
  sep=","
done
echo "$report]}" >"$OUT/report.json"
echo "$inputs_key" >"$OUT/stamp"
say "passed: ${#roles[@]} roles × ${#pin_maps[@]} pin map(s) through mcconfig, xsc, xsid, xsl and the C compile rule (report: $OUT/report.json)"
