/*
 * warning-bell: reads the bytes that arrived on the console UART, for firmware/moddable/console.ts.
 *
 * The console UART (UART0 on ESP32: TX GPIO1, RX GPIO3, 115200 baud) is opened by the Moddable
 * runtime itself in instrumented (mcconfig -i) and debug builds: setupDebugger() in
 * build/devices/esp32/xsProj-esp32/main/debugger.c installs its driver and marks its pins used,
 * which is why ECMA-419 `embedded:io/serial` refuses it ("port in use"). The runtime's own
 * non-blocking reader, ESP_getc() (xs/platforms/esp/xsHost.h: one byte, or -1 when none), is what
 * Moddable's `console` module uses too; that module is not used here because it echoes every
 * byte back (a provision line carries keys) and prints a prompt.
 *
 * xs_console_uart_read(maxBytes): an ArrayBuffer with up to maxBytes (1…1024) bytes that have
 * arrived, undefined when none, or null when this build has no console at all (a release build
 * without -i or -d: the runtime never opens the UART and its ESP_getc stub always returns -1),
 * so that the console stops polling. Never blocks. Under xsbug (-d) the debugger task reads the
 * UART first and the console gets little or nothing.
 */
#include "xsmc.h"
#include "xsHost.h"

#define kConsoleUartMaxRead 1024

void xs_console_uart_read(xsMachine *the)
{
#if defined(mxDebug) || defined(mxInstrument)
	int max = xsmcToInteger(xsArg(0));
	int count = 0;
	uint8_t *buffer;

	if ((max < 1) || (max > kConsoleUartMaxRead))
		xsRangeError("maxBytes: must be 1…1024");

	xsmcSetArrayBuffer(xsResult, NULL, max);
	buffer = xsmcToArrayBuffer(xsResult);
	while (count < max) {
		int c = ESP_getc();
		if (c < 0)
			break;
		buffer[count++] = (uint8_t)c;
	}
	if (0 == count)
		xsmcSetUndefined(xsResult);
	else
		xsmcSetArrayBufferLength(xsResult, count);
#else
	xsmcSetNull(xsResult);
#endif
}
