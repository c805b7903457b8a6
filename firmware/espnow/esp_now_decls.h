/*
 * warning-bell: declarations for the HOST COMPILE CHECK of espnow.c only (`make check-native`).
 *
 * On the device espnow.c includes the real headers (ESP-IDF v6.0 `esp_now.h`, `esp_wifi.h`,
 * `esp_mac.h`, `esp_err.h`; Moddable `xsHost.h`). This file declares exactly the functions,
 * types and constants espnow.c uses, written from their documentation, so that gcc can check
 * espnow.c's calls, argument types and callback signatures on a machine without ESP-IDF:
 *   - ESP-IDF API reference "ESP-NOW" and `components/esp_wifi/include/esp_now.h`: the send
 *     callback takes `const esp_now_send_info_t *` (= `wifi_tx_info_t`) since ESP-IDF v5.5
 *     (migration guide 5.5 "Wi-Fi": "changed from uint8_t *mac_addr to esp_now_send_info_t *tx_info");
 *   - ESP-IDF API reference "Wi-Fi" (`esp_wifi_get_mode`, `esp_wifi_set_ps`, `esp_wifi_set_channel`),
 *     "MAC address" (`esp_read_mac`), "Error codes" (`esp_err_to_name`);
 *   - Moddable SDK `xs/platforms/esp/xsHost.h` (`modMessageDeliver`, `modMessagePostToMachine`).
 * Numeric values of error codes and enums matter only for messages, never for the check.
 * Guarded by WB_HOST_CHECK: it must never be included in a device build.
 */
#ifndef WB_ESP_NOW_DECLS_H
#define WB_ESP_NOW_DECLS_H

#ifndef WB_HOST_CHECK
	#error "esp_now_decls.h is for the host compile check only; device builds use the ESP-IDF headers"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* esp_err.h */
typedef int esp_err_t;
#define ESP_OK 0
#define ESP_ERR_WIFI_BASE 0x3000
const char *esp_err_to_name(esp_err_t code);

/* esp_wifi_types.h */
typedef enum {
	WIFI_MODE_NULL = 0,
	WIFI_MODE_STA,
	WIFI_MODE_AP,
	WIFI_MODE_APSTA,
} wifi_mode_t;

typedef enum {
	WIFI_IF_STA = 0,
	WIFI_IF_AP,
} wifi_interface_t;

typedef enum {
	WIFI_PS_NONE = 0,
	WIFI_PS_MIN_MODEM,
	WIFI_PS_MAX_MODEM,
} wifi_ps_type_t;

typedef enum {
	WIFI_SECOND_CHAN_NONE = 0,
	WIFI_SECOND_CHAN_ABOVE,
	WIFI_SECOND_CHAN_BELOW,
} wifi_second_chan_t;

/* Received-packet metadata; espnow.c reads only `rssi` (dBm, signed 8-bit bit-field). */
typedef struct {
	signed rssi : 8;
} wifi_pkt_rx_ctrl_t;

/* Transmit metadata handed to the ESP-NOW send callback; espnow.c reads none of its fields. */
typedef struct wb_wifi_tx_info wifi_tx_info_t;

/* esp_wifi.h */
esp_err_t esp_wifi_get_mode(wifi_mode_t *mode);
esp_err_t esp_wifi_set_ps(wifi_ps_type_t type);
esp_err_t esp_wifi_set_channel(uint8_t primary, wifi_second_chan_t second);

/* esp_mac.h */
typedef enum {
	ESP_MAC_WIFI_STA = 0,
	ESP_MAC_WIFI_SOFTAP,
} esp_mac_type_t;
esp_err_t esp_read_mac(uint8_t *mac, esp_mac_type_t type);

/* esp_now.h */
#define ESP_ERR_ESPNOW_BASE (ESP_ERR_WIFI_BASE + 100)
#define ESP_ERR_ESPNOW_NOT_FOUND (ESP_ERR_ESPNOW_BASE + 5)

#define ESP_NOW_ETH_ALEN 6
#define ESP_NOW_KEY_LEN 16
#define ESP_NOW_MAX_TOTAL_PEER_NUM 20
#define ESP_NOW_MAX_DATA_LEN 250

typedef enum {
	ESP_NOW_SEND_SUCCESS = 0,
	ESP_NOW_SEND_FAIL,
} esp_now_send_status_t;

typedef struct esp_now_peer_info {
	uint8_t peer_addr[ESP_NOW_ETH_ALEN];
	uint8_t lmk[ESP_NOW_KEY_LEN];
	uint8_t channel;
	wifi_interface_t ifidx;
	bool encrypt;
	void *priv;
} esp_now_peer_info_t;

typedef struct esp_now_peer_num {
	int total_num;
	int encrypt_num;
} esp_now_peer_num_t;

typedef struct esp_now_recv_info {
	uint8_t *src_addr;
	uint8_t *des_addr;
	wifi_pkt_rx_ctrl_t *rx_ctrl;
} esp_now_recv_info_t;

typedef wifi_tx_info_t esp_now_send_info_t;

typedef void (*esp_now_recv_cb_t)(const esp_now_recv_info_t *esp_now_info, const uint8_t *data, int data_len);
typedef void (*esp_now_send_cb_t)(const esp_now_send_info_t *tx_info, esp_now_send_status_t status);

esp_err_t esp_now_init(void);
esp_err_t esp_now_deinit(void);
esp_err_t esp_now_register_recv_cb(esp_now_recv_cb_t cb);
esp_err_t esp_now_unregister_recv_cb(void);
esp_err_t esp_now_register_send_cb(esp_now_send_cb_t cb);
esp_err_t esp_now_unregister_send_cb(void);
esp_err_t esp_now_send(const uint8_t *peer_addr, const uint8_t *data, size_t len);
esp_err_t esp_now_add_peer(const esp_now_peer_info_t *peer);
esp_err_t esp_now_del_peer(const uint8_t *peer_addr);
bool esp_now_is_peer_exist(const uint8_t *peer_addr);
esp_err_t esp_now_get_peer_num(esp_now_peer_num_t *num);
esp_err_t esp_now_set_pmk(const uint8_t *pmk);

/* Moddable xs/platforms/esp/xsHost.h */
typedef void (*modMessageDeliver)(void *the, void *refcon, uint8_t *message, uint16_t messageLength);
int modMessagePostToMachine(xsMachine *the, uint8_t *message, uint16_t messageLength, modMessageDeliver callback, void *refcon);

#endif /* WB_ESP_NOW_DECLS_H */
