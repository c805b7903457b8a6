/*
 * warning-bell: the XS platform of wbxs (tools/xs/host/wbxs.c), the simulator's host for the
 * device's own XS (Moddable SDK 8.2.3, XS 17.9.1). Linux, one machine, one thread; no modules,
 * no debugger. Options follow the ESP32 build where they change what JavaScript sees: no
 * mxCESU8 (strings are UTF-8 and count code points, as on the device).
 */
#ifndef __WBXS_PLATFORM__
#define __WBXS_PLATFORM__

#undef mxLittleEndian
#define mxLittleEndian 1
#undef mxLinux
#define mxLinux 1
#define mxExport extern
#define mxImport extern
#define XS_FUNCTION_NORETURN __attribute__((noreturn))

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>

#define mxUseGCCAtomics 1
#define mxUsePOSIXThreads 1

#define mxMachinePlatform \
	int promiseJobs;

#define XS_NO_MODULE 1
#define mxLockdown 1
#define mxUseDefaultBuildKeys 1
#define mxUseDefaultChunkAllocation 1
#define mxUseDefaultSlotAllocation 1
#define mxUseDefaultParseScript 1
#define mxUseDefaultSharedChunks 1
#define mxUseDefaultFindModule 1
#define mxUseDefaultLoadModule 1
#define mxUseDefaultMachinePlatform 1
#define mxUseDefaultAbort 1

#endif /* __WBXS_PLATFORM__ */
