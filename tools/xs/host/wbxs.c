/*
 * wbxs: the simulator's driver of the device's own XS (Moddable SDK 8.2.3, XS 17.9.1), built from
 * the vendored xs/ sources by tools/xs/host/build.sh. It speaks xsnap-worker's protocol, so
 * tools/xs/worker.ts drives it as it drives xsnap (docs/xs-engine.md):
 *   netstrings on fd 3 (host → XS) and fd 4 (XS → host);
 *   host → XS: "e<script>" evaluates global code, "?<bytes>" calls handleCommand(ArrayBuffer),
 *     "q" quits; each is answered ".<meter JSON>\x01<bytes>" (the completion ArrayBuffer, or its
 *     .result) or "!<String(exception)>";
 *   XS → host: issueCommand(ArrayBuffer) sends "?<bytes>" and blocks for "/<bytes>".
 * Globals beyond the language: issueCommand, gc, harden, TextEncoder, TextDecoder (UTF-8).
 * Usage: wbxs <name> [-l <ignored meter limit>]. Exit 0 on "q" or end of input, 2 on an I/O or
 * protocol error; XS's own aborts use XS's statuses.
 */
#include "xsAll.h"
#include "xs.h"

#define kToXs 3
#define kFromXs 4

static void wbFail(const char *what)
{
	fprintf(stderr, "wbxs: %s\n", what);
	exit(2);
}

static void wbWriteAll(const void *data, size_t length)
{
	const char *p = data;
	while (length) {
		ssize_t n = write(kFromXs, p, length);
		if (n <= 0)
			wbFail("cannot write to the host");
		p += n;
		length -= (size_t)n;
	}
}

/* One netstring "<len>:<tag><body>," */
static void wbWriteMessage(char tag, const char *head, size_t headLength, const void *body, size_t length)
{
	char prefix[32];
	int n = snprintf(prefix, sizeof(prefix), "%zu:%c", 1 + headLength + length, tag);
	wbWriteAll(prefix, (size_t)n);
	if (headLength)
		wbWriteAll(head, headLength);
	if (length)
		wbWriteAll(body, length);
	wbWriteAll(",", 1);
}

/* Reads one netstring payload (malloc'd, NUL-terminated); NULL at end of input. */
static char *wbReadMessage(size_t *length)
{
	size_t size = 0;
	char c;
	for (;;) {
		ssize_t n = read(kToXs, &c, 1);
		if (n == 0)
			return NULL;
		if (n < 0)
			wbFail("cannot read from the host");
		if (c == ':')
			break;
		if ((c < '0') || (c > '9') || (size > 100000000))
			wbFail("bad netstring length");
		size = size * 10 + (size_t)(c - '0');
	}
	char *buffer = malloc(size + 2);
	if (!buffer)
		wbFail("out of memory");
	size_t got = 0;
	while (got < size + 1) {
		ssize_t n = read(kToXs, buffer + got, size + 1 - got);
		if (n <= 0)
			wbFail("end of input inside a netstring");
		got += (size_t)n;
	}
	if (buffer[size] != ',')
		wbFail("netstring without its comma");
	buffer[size] = 0;
	*length = size;
	return buffer;
}

static void wb_issueCommand(xsMachine *the)
{
	if ((xsToInteger(xsArgc) < 1) || !xsIsInstanceOf(xsArg(0), xsArrayBufferPrototype))
		xsTypeError("issueCommand: an ArrayBuffer is expected");
	xsIntegerValue length = xsGetArrayBufferLength(xsArg(0));
	void *bytes = xsToArrayBuffer(xsArg(0));
	wbWriteMessage('?', NULL, 0, bytes, (size_t)length);
	size_t size;
	char *answer = wbReadMessage(&size);
	if (!answer)
		wbFail("end of input while waiting for an answer");
	if ((size < 1) || (answer[0] != '/')) {
		free(answer);
		wbFail("the answer to issueCommand does not start with '/'");
	}
	xsResult = xsArrayBuffer(answer + 1, (xsIntegerValue)(size - 1));
	free(answer);
}

static void wb_gc(xsMachine *the)
{
	xsCollectGarbage();
}

/* __wbEncode(string) → ArrayBuffer of its UTF-8 bytes (XS strings are UTF-8 without mxCESU8). */
static void wb_encode(xsMachine *the)
{
	xsStringValue s = xsToString(xsArg(0));
	xsIntegerValue length = (xsIntegerValue)strlen(s);
	void *bytes;
	xsResult = xsArrayBuffer(NULL, length);		/* may move the string: read it again below */
	bytes = xsToArrayBuffer(xsResult);
	s = xsToString(xsArg(0));
	memcpy(bytes, s, (size_t)length);
}

/* __wbDecode(arrayBuffer, offset, length) → string. */
static void wb_decode(xsMachine *the)
{
	xsIntegerValue offset = xsToInteger(xsArg(1));
	xsIntegerValue length = xsToInteger(xsArg(2));
	xsIntegerValue total = xsGetArrayBufferLength(xsArg(0));
	char *copy;
	if ((offset < 0) || (length < 0) || (offset + length > total))
		xsRangeError("decode: out of range");
	copy = malloc((size_t)length + 1);		/* xsStringBuffer allocates: the buffer may move */
	if (!copy)
		xsUnknownError("decode: out of memory");
	memcpy(copy, (char *)xsToArrayBuffer(xsArg(0)) + offset, (size_t)length);
	xsResult = xsStringBuffer(copy, length);
	free(copy);
}

static const char gPrelude[] =
	"globalThis.TextEncoder = class TextEncoder { encode(s = '') { return new Uint8Array(__wbEncode(String(s))); } };\n"
	"globalThis.TextDecoder = class TextDecoder { decode(b) { return b instanceof ArrayBuffer ? __wbDecode(b, 0, b.byteLength) : __wbDecode(b.buffer, b.byteOffset, b.byteLength); } };\n";

static void wbReply(xsMachine *the, xsSlot *value)
{
	char meter[160];
	txMachine *machine = (txMachine *)the;
	int n = snprintf(meter, sizeof(meter), "{\"currentHeapCount\":%ld,\"compute\":0,\"allocate\":%ld}\x01",
		(long)machine->currentHeapCount, (long)(machine->currentChunksSize + machine->currentHeapCount * (long)sizeof(txSlot)));
	if (xsIsInstanceOf(*value, xsArrayBufferPrototype)) {
		size_t length = (size_t)xsGetArrayBufferLength(*value);
		void *bytes = xsToArrayBuffer(*value);
		wbWriteMessage('.', meter, (size_t)n, bytes, length);
	}
	else
		wbWriteMessage('.', meter, (size_t)n, NULL, 0);
}

static void wbRunJobs(xsMachine *the)
{
	txMachine *machine = (txMachine *)the;
	while (machine->promiseJobs) {
		machine->promiseJobs = 0;
		fxRunPromiseJobs(machine);
	}
}

void fxQueuePromiseJobs(txMachine *the)
{
	the->promiseJobs = 1;
}

int main(int argc, char **argv)
{
	xsCreation creation = {
		4 * 1024 * 1024,	/* initialChunkSize */
		1024 * 1024,		/* incrementalChunkSize */
		256 * 1024,			/* initialHeapCount */
		64 * 1024,			/* incrementalHeapCount */
		16 * 1024,			/* stackCount */
		8 * 1024,			/* initialKeyCount */
		4 * 1024,			/* incrementalKeyCount */
		1993,				/* nameModulo */
		127,				/* symbolModulo */
		64 * 1024,			/* parserBufferSize */
		1993,				/* parserTableModulo */
		0,					/* staticSize */
		0,					/* nativeStackSize */
	};
	xsMachine *the = xsCreateMachine(&creation, (argc > 1) ? argv[1] : "wbxs", NULL);
	int status = 0;
	xsBeginHost(the);
	{
		xsVars(1);
		xsResult = xsNewHostFunction(wb_issueCommand, 1);
		xsSet(xsGlobal, xsID("issueCommand"), xsResult);
		xsResult = xsNewHostFunction(wb_gc, 0);
		xsSet(xsGlobal, xsID("gc"), xsResult);
		/* XS's own harden (xsLockdown.c), which hosts install: the stand-ins freeze the built-ins
		   with it, as xsl's preload freezes them in a device image. */
		xsResult = xsNewHostFunction(fx_harden, 1);
		xsSet(xsGlobal, xsID("harden"), xsResult);
		xsResult = xsNewHostFunction(wb_encode, 1);
		xsSet(xsGlobal, xsID("__wbEncode"), xsResult);
		xsResult = xsNewHostFunction(wb_decode, 3);
		xsSet(xsGlobal, xsID("__wbDecode"), xsResult);
		xsCall1(xsGlobal, xsID("eval"), xsString(gPrelude));

		for (;;) {
			size_t size;
			char *message = wbReadMessage(&size);
			if (!message || ((size >= 1) && (message[0] == 'q'))) {
				free(message);
				break;
			}
			if (size < 1) {
				free(message);
				wbFail("empty message");
			}
			xsTry {
				if (message[0] == 'e') {
					xsVar(0) = xsStringBuffer(message + 1, (xsIntegerValue)(size - 1));
					xsResult = xsCall1(xsGlobal, xsID("eval"), xsVar(0));
				}
				else if (message[0] == '?') {
					xsVar(0) = xsArrayBuffer(message + 1, (xsIntegerValue)(size - 1));
					xsResult = xsCall1(xsGlobal, xsID("handleCommand"), xsVar(0));
				}
				else {
					free(message);
					wbFail("unknown request");
				}
				free(message);
				message = NULL;
				wbRunJobs(the);
				if (xsIsInstanceOf(xsResult, xsObjectPrototype) && !xsIsInstanceOf(xsResult, xsArrayBufferPrototype) && xsHas(xsResult, xsID("result")))
					xsResult = xsGet(xsResult, xsID("result"));
				wbReply(the, &xsResult);
			}
			xsCatch {
				free(message);
				xsStringValue text = xsToString(xsException);
				wbWriteMessage('!', NULL, 0, text, strlen(text));
			}
		}
	}
	xsEndHost(the);
	xsDeleteMachine(the);
	return status;
}
