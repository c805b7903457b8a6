#!/usr/bin/env bash
# Host gcc standing in for xtensa-esp32-elf-gcc in `make check-device` (tools/toolchain/README.md).
# Called by the generated Moddable makefile's own compile rule as $(CC), with Moddable's
# C_DEFINES, C_INCLUDES and C_FLAGS. It compiles for a 32-bit little-endian target (-m32, as the
# ESP32's ILP32) against the ESP toolchain's newlib headers instead of glibc (-nostdinc), with the
# macros xtensa gcc predefines that the ESP-IDF headers test. Include directories outside the
# project (Moddable, ESP-IDF) become -isystem: -Wall -Wextra -Werror judge our code, not theirs.
# Environment: WB_NEWLIB (newlib include folder), WB_PROJECT (the repo root; its firmware/ and
# receiver/ folders are ours).
set -euo pipefail
args=()
for a in "$@"; do
  case "$a" in
    -I"$WB_PROJECT"/firmware/* | -I"$WB_PROJECT"/receiver/*) args+=("$a") ;;
    -I?*) args+=(-isystem "${a#-I}") ;;
    *) args+=("$a") ;;
  esac
done
exec gcc -m32 -nostdinc -isystem "$WB_NEWLIB" -isystem "$(gcc -print-file-name=include)" \
  -D__XTENSA__ -D__xtensa__ -D__XTENSA_EL__ "${args[@]}"
