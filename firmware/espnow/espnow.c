/*
 * warning-bell: ESP-NOW for the XS engine (Moddable SDK 8.2, ESP32, ESP-IDF v6.0).
 *
 * The native half of `EspNow` (espnow.ts). Each xs_espnow_* function backs one method of the
 * TypeScript class; the rules ESP-IDF imposes are enforced here, where the radio is:
 *   - Wi-Fi must be started in station mode first (`WiFi.mode = WiFi.Mode.station`);
 *     the channel is then set with esp_wifi_set_channel and Wi-Fi power save is turned off
 *     (ESP-NOW frames are missed while the modem sleeps: ESP-IDF FAQ, ESPHome/wizmote reports);
 *   - one send outstanding: a send while busy throws (ESP-IDF ESP-NOW guide);
 *   - payloads of 1 … ESP_NOW_MAX_DATA_LEN (250) bytes;
 *   - at most ESP_NOW_MAX_TOTAL_PEER_NUM (20) peers, of which at most
 *     CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM (Kconfig, default 7) encrypted with an LMK.
 * ESP-IDF calls the send and receive callbacks on its Wi-Fi task. They copy what they need into
 * a message and hand it to the VM's task with modMessagePostToMachine (Moddable xsHost.h); the
 * JavaScript callbacks run there, on the app's run loop, never re-entrantly. At most
 * kMaxQueuedFrames received frames wait in the VM's queue (10 messages deep by default,
 * MODDEF_TASK_QUEUELENGTH): more are dropped and counted, so a flood never blocks the Wi-Fi task.
 *
 * ESP-NOW is one per chip and its callbacks carry no user pointer, so the open instance is
 * file-level state (gEspNow); a second open throws. The Wi-Fi task reads only gMachine and
 * gGeneration; messages carry the generation of the instance that was open when they were
 * posted, and a message for a closed instance is dropped when it is delivered.
 *
 * Errors: RangeError for bad lengths, channels and limits; TypeError for missing callbacks;
 * Error ("espnow: <call> failed: <ESP_ERR_NAME> (<code>)") for an ESP-IDF failure.
 *
 * Reading the RSSI (info->rx_ctrl->rssi) needs the complete wifi_pkt_rx_ctrl_t of
 * esp_wifi/include/local/esp_wifi_types_native.h, a folder that is not on Moddable 8.2.3's
 * esp32 include list (esp_wifi_types.h otherwise declares it opaque): manifest.json adds it.
 * `make check-device` compiles this file with Moddable's rule against the ESP-IDF v6.0 headers.
 */

#include "xsmc.h"
#include "xsHost.h"
#include "esp_err.h"
#include "esp_mac.h"
#include "esp_wifi.h"
#include "esp_now.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM
	#define CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM 7		/* ESP-IDF Kconfig default on esp32 */
#endif

#define kMacBytes ESP_NOW_ETH_ALEN
#define kKeyBytes ESP_NOW_KEY_LEN
#define kMaxPayloadBytes ESP_NOW_MAX_DATA_LEN
#define kMaxPeers ESP_NOW_MAX_TOTAL_PEER_NUM
#define kMaxEncryptedPeers CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM
#define kMinChannel 1
#define kMaxChannel 11		/* ESP-IDF default country "01" (world safe mode): channels 1-11 */
#define kMaxQueuedFrames 4
#define kMacTextBytes 18		/* "aa:bb:cc:dd:ee:ff" and its terminator */

typedef struct {
	xsMachine	*the;
	xsSlot		obj;			/* remembered while open, so an open radio is never collected */
	xsSlot		onReceive;		/* (payload: ArrayBuffer, from: ArrayBuffer(6), rssi: number | undefined) */
	xsSlot		onSent;			/* (ok: boolean) */
	uint32_t	generation;
	uint8_t		busy;
} EspNowRecord;

/* A received frame, as posted from the Wi-Fi task to the VM. */
typedef struct {
	uint32_t	generation;
	uint16_t	length;
	int8_t		rssi;
	uint8_t		hasRssi;
	uint8_t		source[kMacBytes];
	uint8_t		data[kMaxPayloadBytes];
} ReceivedFrame;

/* A send result, as posted from the Wi-Fi task to the VM. */
typedef struct {
	uint32_t	generation;
	uint8_t		ok;
} SendResult;

static EspNowRecord *gEspNow = NULL;		/* the open instance; VM task only */
static xsMachine *gMachine = NULL;			/* the VM that opened ESP-NOW; read by the Wi-Fi task */
static uint32_t gGeneration = 0;			/* generation of the open instance, 0 = closed; atomic */
static uint32_t gLastGeneration = 0;		/* VM task only */
static uint32_t gQueuedFrames = 0;			/* received frames posted and not yet delivered; atomic */
static uint32_t gDroppedFrames = 0;			/* frames dropped (oversize, queue full, no memory); atomic */

void xs_espnow_destructor(void *data);
static void espnowMark(xsMachine *the, void *it, xsMarkRoot markRoot);

static const xsHostHooks gEspNowHooks = {
	.destructor = xs_espnow_destructor,
	.marker = espnowMark,
};

static void formatMac(const uint8_t *mac, char *text)
{
	snprintf(text, kMacTextBytes, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static void throwEspError(xsMachine *the, const char *call, esp_err_t err)
{
	xsUnknownError("espnow: %s failed: %s (%d)", call, esp_err_to_name(err), (int)err);
}

/* Copies exactly `size` bytes from an ArrayBuffer or typed array argument. */
static void readBytes(xsMachine *the, int argument, uint8_t *out, xsUnsignedValue size, const char *what)
{
	void *data;
	xsUnsignedValue length;

	xsmcGetBufferReadable(xsArg(argument), &data, &length);
	if (length != size)
		xsRangeError("espnow: %s must be %d bytes, got %d", what, (int)size, (int)length);
	memcpy(out, data, size);
}

/* Reads an optional 16-byte key argument; returns false when it is undefined. */
static bool readOptionalKey(xsMachine *the, int argument, uint8_t *key, const char *what)
{
	if ((xsmcArgc <= argument) || (xsUndefinedType == xsmcTypeOf(xsArg(argument))))
		return false;
	readBytes(the, argument, key, kKeyBytes, what);
	return true;
}

static EspNowRecord *getOpen(xsMachine *the)
{
	EspNowRecord *espnow = xsmcGetHostDataValidate(xsThis, (void *)&gEspNowHooks);
	if (NULL == espnow)
		xsUnknownError("espnow: closed");
	return espnow;
}

/* Wi-Fi task. */
static void espnowDeliverFrame(void *the, void *refcon, uint8_t *message, uint16_t messageLength);

static void espnowReceived(const esp_now_recv_info_t *info, const uint8_t *data, int length)
{
	ReceivedFrame frame;
	xsMachine *the = gMachine;

	frame.generation = __atomic_load_n(&gGeneration, __ATOMIC_ACQUIRE);
	if ((0 == frame.generation) || (NULL == the) || (NULL == info) || (NULL == info->src_addr) || (NULL == data))
		return;
	if ((length <= 0) || (length > kMaxPayloadBytes)) {
		__atomic_add_fetch(&gDroppedFrames, 1, __ATOMIC_RELAXED);
		return;
	}
	if (__atomic_add_fetch(&gQueuedFrames, 1, __ATOMIC_ACQ_REL) > kMaxQueuedFrames) {
		__atomic_sub_fetch(&gQueuedFrames, 1, __ATOMIC_ACQ_REL);
		__atomic_add_fetch(&gDroppedFrames, 1, __ATOMIC_RELAXED);
		return;
	}

	frame.length = (uint16_t)length;
	frame.hasRssi = (NULL != info->rx_ctrl);
	frame.rssi = frame.hasRssi ? (int8_t)info->rx_ctrl->rssi : 0;
	memcpy(frame.source, info->src_addr, kMacBytes);
	memcpy(frame.data, data, (size_t)length);

	if (0 != modMessagePostToMachine(the, (uint8_t *)&frame, (uint16_t)(offsetof(ReceivedFrame, data) + (size_t)length), espnowDeliverFrame, NULL)) {
		__atomic_sub_fetch(&gQueuedFrames, 1, __ATOMIC_ACQ_REL);
		__atomic_add_fetch(&gDroppedFrames, 1, __ATOMIC_RELAXED);
	}
}

/* Wi-Fi task. ESP-IDF >= 5.5 passes esp_now_send_info_t (wifi_tx_info_t); only the status is used. */
static void espnowDeliverSent(void *the, void *refcon, uint8_t *message, uint16_t messageLength);

static void espnowSent(const esp_now_send_info_t *tx_info, esp_now_send_status_t status)
{
	SendResult result;
	xsMachine *the = gMachine;

	(void)tx_info;
	result.generation = __atomic_load_n(&gGeneration, __ATOMIC_ACQUIRE);
	if ((0 == result.generation) || (NULL == the))
		return;
	result.ok = (ESP_NOW_SEND_SUCCESS == status) ? 1 : 0;
	modMessagePostToMachine(the, (uint8_t *)&result, sizeof(result), espnowDeliverSent, NULL);
}

/* VM task. */
static void espnowDeliverFrame(void *the, void *refcon, uint8_t *message, uint16_t messageLength)
{
	ReceivedFrame frame;
	EspNowRecord *espnow = gEspNow;
	size_t header = offsetof(ReceivedFrame, data);

	(void)refcon;
	__atomic_sub_fetch(&gQueuedFrames, 1, __ATOMIC_ACQ_REL);
	if ((NULL == espnow) || (messageLength < header))
		return;
	memcpy(&frame, message, header);
	if ((frame.generation != espnow->generation) || (messageLength != header + frame.length))
		return;

	xsBeginHost(the);
		xsmcVars(3);
		xsmcSetArrayBuffer(xsVar(0), message + header, frame.length);
		xsmcSetArrayBuffer(xsVar(1), frame.source, kMacBytes);
		if (frame.hasRssi)
			xsmcSetInteger(xsVar(2), frame.rssi);
		else
			xsmcSetUndefined(xsVar(2));
		xsCallFunction3(espnow->onReceive, xsUndefined, xsVar(0), xsVar(1), xsVar(2));
	xsEndHost(the);
}

/* VM task. A result for an abandoned send (busy already cleared) is ignored. */
static void espnowDeliverSent(void *the, void *refcon, uint8_t *message, uint16_t messageLength)
{
	SendResult result;
	EspNowRecord *espnow = gEspNow;

	(void)refcon;
	if ((NULL == espnow) || (messageLength != sizeof(result)))
		return;
	memcpy(&result, message, sizeof(result));
	if ((result.generation != espnow->generation) || !espnow->busy)
		return;
	espnow->busy = 0;

	xsBeginHost(the);
		xsmcVars(1);
		xsmcSetBoolean(xsVar(0), result.ok);
		xsCallFunction1(espnow->onSent, xsUndefined, xsVar(0));
	xsEndHost(the);
}

static void espnowMark(xsMachine *the, void *it, xsMarkRoot markRoot)
{
	EspNowRecord *espnow = it;

	(*markRoot)(the, &espnow->onReceive);
	(*markRoot)(the, &espnow->onSent);
}

void xs_espnow_destructor(void *data)
{
	EspNowRecord *espnow = data;

	if (NULL == espnow)
		return;
	if (gEspNow == espnow) {
		__atomic_store_n(&gGeneration, 0, __ATOMIC_RELEASE);
		esp_now_unregister_recv_cb();
		esp_now_unregister_send_cb();
		esp_now_deinit();
		gEspNow = NULL;
	}
	free(espnow);
}

/* new EspNow: (channel, pmk | undefined, onReceive, onSent) */
void xs_espnow_constructor(xsMachine *the)
{
	EspNowRecord *espnow;
	uint8_t pmk[kKeyBytes];
	bool hasPmk;
	wifi_mode_t mode;
	esp_err_t err;
	const char *call;
	int channel;

	if (NULL != gEspNow)
		xsUnknownError("espnow: already open; ESP-NOW is one per chip, close() the open instance first");

	channel = xsmcToInteger(xsArg(0));
	if ((channel < kMinChannel) || (channel > kMaxChannel))
		xsRangeError("espnow: channel must be %d…%d, got %d", kMinChannel, kMaxChannel, channel);
	hasPmk = readOptionalKey(the, 1, pmk, "pmk");
	if (!xsmcIsCallable(xsArg(2)))
		xsTypeError("espnow: onReceive must be a function");
	if (!xsmcIsCallable(xsArg(3)))
		xsTypeError("espnow: onSent must be a function");

	err = esp_wifi_get_mode(&mode);
	if (ESP_OK != err)
		throwEspError(the, "esp_wifi_get_mode (start Wi-Fi first: WiFi.mode = WiFi.Mode.station)", err);
	if ((WIFI_MODE_STA != mode) && (WIFI_MODE_APSTA != mode))
		xsUnknownError("espnow: Wi-Fi is not in station mode; set WiFi.mode = WiFi.Mode.station first");
	err = esp_wifi_set_ps(WIFI_PS_NONE);
	if (ESP_OK != err)
		throwEspError(the, "esp_wifi_set_ps(WIFI_PS_NONE)", err);
	err = esp_wifi_set_channel((uint8_t)channel, WIFI_SECOND_CHAN_NONE);
	if (ESP_OK != err)
		throwEspError(the, "esp_wifi_set_channel", err);

	espnow = calloc(1, sizeof(EspNowRecord));
	if (NULL == espnow)
		xsUnknownError("espnow: out of memory");

	call = "esp_now_init";
	err = esp_now_init();
	if (ESP_OK != err) {
		free(espnow);
		throwEspError(the, call, err);
	}
	call = "esp_now_register_recv_cb";
	err = esp_now_register_recv_cb(espnowReceived);
	if (ESP_OK == err) {
		call = "esp_now_register_send_cb";
		err = esp_now_register_send_cb(espnowSent);
	}
	if ((ESP_OK == err) && hasPmk) {
		call = "esp_now_set_pmk";
		err = esp_now_set_pmk(pmk);
	}
	if (ESP_OK != err) {
		esp_now_deinit();
		free(espnow);
		throwEspError(the, call, err);
	}

	espnow->the = the;
	espnow->obj = xsThis;
	espnow->onReceive = xsArg(2);
	espnow->onSent = xsArg(3);
	if (0 == ++gLastGeneration)
		++gLastGeneration;
	espnow->generation = gLastGeneration;
	xsmcSetHostData(xsThis, espnow);
	xsSetHostHooks(xsThis, (xsHostHooks *)&gEspNowHooks);
	xsRemember(espnow->obj);

	gEspNow = espnow;
	gMachine = the;
	__atomic_store_n(&gGeneration, espnow->generation, __ATOMIC_RELEASE);
}

void xs_espnow_close(xsMachine *the)
{
	EspNowRecord *espnow = xsmcGetHostDataValidate(xsThis, (void *)&gEspNowHooks);

	if (NULL == espnow)
		return;		/* closing twice is harmless */
	xsForget(espnow->obj);
	xsmcSetHostData(xsThis, NULL);
	xs_espnow_destructor(espnow);
}

/* addPeer: (mac: 6 bytes, lmk: 16 bytes | undefined) */
void xs_espnow_add_peer(xsMachine *the)
{
	esp_now_peer_info_t peer;
	esp_now_peer_num_t count;
	char text[kMacTextBytes];
	esp_err_t err;

	(void)getOpen(the);
	memset(&peer, 0, sizeof(peer));
	readBytes(the, 0, peer.peer_addr, kMacBytes, "peer address");
	peer.encrypt = readOptionalKey(the, 1, peer.lmk, "lmk");
	peer.channel = 0;			/* the current channel, set by the constructor */
	peer.ifidx = WIFI_IF_STA;
	formatMac(peer.peer_addr, text);

	if (esp_now_is_peer_exist(peer.peer_addr))
		xsUnknownError("espnow: %s is already a peer", text);
	err = esp_now_get_peer_num(&count);
	if (ESP_OK != err)
		throwEspError(the, "esp_now_get_peer_num", err);
	if (count.total_num >= kMaxPeers)
		xsRangeError("espnow: cannot add %s: the peer list is full (%d peers, ESP_NOW_MAX_TOTAL_PEER_NUM)", text, kMaxPeers);
	if (peer.encrypt && (count.encrypt_num >= kMaxEncryptedPeers))
		xsRangeError("espnow: cannot add %s with an lmk: %d encrypted peers already (CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM); add it without an lmk or raise the limit in sdkconfig", text, kMaxEncryptedPeers);

	err = esp_now_add_peer(&peer);
	if (ESP_OK != err)
		throwEspError(the, "esp_now_add_peer", err);
}

/* removePeer: (mac: 6 bytes) */
void xs_espnow_remove_peer(xsMachine *the)
{
	uint8_t mac[kMacBytes];
	char text[kMacTextBytes];
	esp_err_t err;

	(void)getOpen(the);
	readBytes(the, 0, mac, kMacBytes, "peer address");
	err = esp_now_del_peer(mac);
	if (ESP_ERR_ESPNOW_NOT_FOUND == err) {
		formatMac(mac, text);
		xsUnknownError("espnow: %s is not a peer", text);
	}
	if (ESP_OK != err)
		throwEspError(the, "esp_now_del_peer", err);
}

/* send: (mac: 6 bytes, payload: ArrayBuffer or typed array of 1 … 250 bytes) */
void xs_espnow_send(xsMachine *the)
{
	EspNowRecord *espnow = getOpen(the);
	uint8_t mac[kMacBytes];
	char text[kMacTextBytes];
	void *data;
	xsUnsignedValue length;
	esp_err_t err;

	if (espnow->busy)
		xsUnknownError("espnow: busy: one send is outstanding; wait for onSent or call abandon()");
	readBytes(the, 0, mac, kMacBytes, "destination address");
	xsmcGetBufferReadable(xsArg(1), &data, &length);
	if ((0 == length) || (length > kMaxPayloadBytes))
		xsRangeError("espnow: payload must be 1…%d bytes (ESP_NOW_MAX_DATA_LEN), got %d", kMaxPayloadBytes, (int)length);

	espnow->busy = 1;
	err = esp_now_send(mac, data, length);		/* copies the payload before it returns */
	if (ESP_OK != err) {
		espnow->busy = 0;
		if (ESP_ERR_ESPNOW_NOT_FOUND == err) {
			formatMac(mac, text);
			xsUnknownError("espnow: %s is not a peer; addPeer() first", text);
		}
		throwEspError(the, "esp_now_send", err);
	}
}

/* abandon: forget the outstanding send; its result, if it ever comes, is ignored. */
void xs_espnow_abandon(xsMachine *the)
{
	getOpen(the)->busy = 0;
}

void xs_espnow_get_busy(xsMachine *the)
{
	xsmcSetBoolean(xsResult, getOpen(the)->busy);
}

void xs_espnow_get_dropped_frames(xsMachine *the)
{
	xsmcSetInteger(xsResult, (xsIntegerValue)__atomic_load_n(&gDroppedFrames, __ATOMIC_RELAXED));
}

/* static: the station MAC address (6 bytes), readable before Wi-Fi starts. */
void xs_espnow_get_station_address(xsMachine *the)
{
	uint8_t mac[kMacBytes];
	esp_err_t err = esp_read_mac(mac, ESP_MAC_WIFI_STA);

	if (ESP_OK != err)
		throwEspError(the, "esp_read_mac(ESP_MAC_WIFI_STA)", err);
	xsmcSetArrayBuffer(xsResult, mac, kMacBytes);
}

/* static: how many peers may have an LMK in this firmware (Kconfig). */
void xs_espnow_get_max_encrypted_peers(xsMachine *the)
{
	xsmcSetInteger(xsResult, kMaxEncryptedPeers);
}
