/**
 * The message catalogue: every sentence a person at the post or an installer reads, in
 * Vietnamese and English, one entry per message id (issue 16). The readable timeline
 * (`timeline.<event>`), its summary, `bell monitor` and `bell provision` guidance, the words for
 * system errors, and the Home Assistant entity names come from here; the receiver's screen and
 * SMS texts (issues 13, 14) go here too.
 *
 * Data format: `{ vi, en }` templates; `{name}` is replaced by the parameter `name` (see
 * `message()` in `./index.ts`). A timeline phrase for a new event is one line:
 * `"timeline.<event name>": { vi: "…", en: "…" }`, with the event's fields as parameters
 * (`{caller}`, `{from}` and `{to}` arrive as place names, `{inc}` as the incident suffix).
 *
 * Vietnamese is written with full diacritics in NFC. A test checks that every id has both
 * languages and the same parameters in each (`test/messages/`).
 */
export const MESSAGES = {
  // --- the readable timeline (tools/sim/timeline.ts), one entry per event name ---
  "timeline.incident_suffix": { vi: " (vụ {incident})", en: " (incident {incident})" },
  "timeline.press": { vi: "nút được bấm: phát báo động", en: "button pressed: alarm triggered" },
  "timeline.alarm_tx": { vi: "đã gửi báo động (vụ {incident}, lần gửi {attempt})", en: "alarm sent (incident {incident}, attempt {attempt})" },
  "timeline.alarm_delivered": { vi: "báo động đã tới trạm (vụ {incident}, {latency_ms} ms sau khi bấm)", en: "alarm delivered (incident {incident}, {latency_ms} ms after the press)" },
  "timeline.alarm_acknowledged": { vi: "công an đã xác nhận: đang tới giúp{inc}", en: "police acknowledged: help is coming{inc}" },
  "timeline.link_fault": { vi: "LỖI LIÊN LẠC: không tới được trạm công an", en: "LINK FAULT: cannot reach the post" },
  "timeline.link_ok": { vi: "liên lạc với trạm đã trở lại", en: "link to the post restored" },
  "timeline.incident_opened": { vi: "CÓ BÁO ĐỘNG: {caller}{inc}", en: "INCIDENT OPENED: {caller}{inc}" },
  "timeline.incident_acknowledged": { vi: "cán bộ đã xác nhận báo động từ {caller}{inc}", en: "officer acknowledged the alarm from {caller}{inc}" },
  "timeline.incident_resolved": { vi: "đã đóng vụ báo động tại {caller}{inc}", en: "incident at {caller} reset (closed){inc}" },
  "timeline.siren.on": { vi: "còi BẬT", en: "siren ON" },
  "timeline.siren.on_pattern": { vi: "còi BẬT ({pattern})", en: "siren ON ({pattern})" },
  "timeline.siren.off": { vi: "còi tắt", en: "siren off" },
  "timeline.caller_offline": { vi: "{caller} MẤT LIÊN LẠC (không có tín hiệu định kỳ)", en: "{caller} is OFFLINE (no heartbeat)" },
  "timeline.caller_online": { vi: "{caller} đã liên lạc lại", en: "{caller} is back online" },
  "timeline.caller_button_stuck": { vi: "{caller} bị KẸT NÚT (không thể báo động)", en: "{caller} has a STUCK BUTTON (it cannot raise an alarm)" },
  "timeline.caller_button_released": { vi: "nút của {caller} đã hết kẹt", en: "{caller}'s button is free again" },
  "timeline.caller_rebooted": { vi: "{caller} ĐÃ KHỞI ĐỘNG LẠI (trước đó đã chạy {uptime_s} giây)", en: "{caller} RESTARTED (it had run {uptime_s} s)" },
  "timeline.caller_link_fault": { vi: "{caller} không nghe được trạm (xác nhận của trạm không tới được nút)", en: "{caller} cannot hear the post (its acks do not reach it)" },
  "timeline.caller_link_ok": { vi: "{caller} đã nghe được trạm trở lại", en: "{caller} hears the post again" },
  "timeline.incident_not_recorded": { vi: "LỖI BỘ NHỚ: chưa ghi được báo động từ {caller}{inc}; còi vẫn kêu, nút sẽ gửi lại", en: "STORAGE FAULT: the alarm from {caller} could not be recorded{inc}; the siren sounds, the caller keeps sending" },
  "timeline.incident_repeated": { vi: "{caller} bấm thêm lần nữa ({presses} lần, tính vào vụ {incident})", en: "{caller} pressed again ({presses} presses, counted on incident {incident})" },
  "timeline.frame_rejected": { vi: "từ chối một gói tin: {reason}", en: "frame rejected: {reason}" },
  "timeline.frame_rejected.from": { vi: "từ chối một gói tin: {reason} (từ {from})", en: "frame rejected: {reason} (from {from})" },
  "timeline.alarm_resolved": { vi: "trạm đã đóng vụ báo động{inc}", en: "the post closed the incident{inc}" },
  "timeline.boot": { vi: "ứng dụng đã khởi động{role}", en: "app started{role}" },
  "timeline.boot.pending": { vi: "ứng dụng đã khởi động{role}: còn {pending} báo động chưa tới trạm, đang gửi lại", en: "app started{role}: {pending} alarm(s) not yet delivered, sending again" },
  "timeline.caller_listed": { vi: "{caller} là một nút báo động của trạm này", en: "{caller} is one of this post's callers" },
  "timeline.boot_error": { vi: "KHÔNG KHỞI ĐỘNG ĐƯỢC ({role}): {error}", en: "FAILED TO START ({role}): {error}" },
  "timeline.role.caller": { vi: "nút báo động", en: "caller" },
  "timeline.role.receiver": { vi: "trạm nhận", en: "receiver" },
  "timeline.button_stuck": { vi: "NÚT BỊ KẸT: không thể báo động cho tới khi nút được nhả", en: "BUTTON STUCK: no alarm can be raised until it is free" },
  "timeline.button_released": { vi: "nút đã hết kẹt", en: "button free again" },
  "timeline.fault_acknowledged": { vi: "cán bộ đã xác nhận lỗi ({offline} nút mất liên lạc, {stuck} nút kẹt)", en: "officer acknowledged the fault ({offline} offline, {stuck} stuck)" },
  "timeline.store_error": { vi: "LỖI BỘ NHỚ khi ghi {what}: {error}", en: "STORAGE ERROR writing the {what}: {error}" },
  "timeline.radio_ready": { vi: "sóng vô tuyến sẵn sàng (kênh {channel}, {peers} thiết bị ghép)", en: "radio ready (channel {channel}, {peers} peer(s))" },
  "timeline.provisioning_error": { vi: "THÔNG TIN CÀI ĐẶT HỎNG ({role}): {reason}; cài đặt lại bằng bell provision", en: "PROVISIONING DAMAGED ({role}): {reason}; provision again with bell provision" },
  "timeline.siren.pattern.alarm": { vi: "báo động", en: "alarm" },
  "timeline.siren.pattern.fault": { vi: "báo lỗi", en: "fault" },
  "timeline.siren.pattern.test": { vi: "thử còi", en: "test" },
  "timeline.siren.pattern.quiet": { vi: "im lặng", en: "quiet" },
  "timeline.attack": { vi: "kẻ tấn công {what}", en: "attacker {what}" },
  "timeline.attack.unheard": { vi: "kẻ tấn công {what}, không ai nghe thấy", en: "attacker {what}, unheard" },
  "timeline.attack.why": { vi: "kẻ tấn công {what}: {why}", en: "attacker {what}: {why}" },
  "timeline.attack.replay": { vi: "phát lại một gói tin đã bắt được từ {from}", en: "replays a frame captured from {from}" },
  "timeline.attack.forge": { vi: "giả mạo một gói tin như thể từ {from} ({mode})", en: "forges a frame as {from} ({mode})" },
  "timeline.power.on": { vi: "có điện trở lại", en: "power restored" },
  "timeline.power.off": { vi: "MẤT ĐIỆN", en: "POWER LOST" },
  "timeline.input.press": { vi: "có người bấm {pin} trong {press_ms} ms", en: "someone presses the {pin} for {press_ms} ms" },
  "timeline.input.button": { vi: "cán bộ bấm {pin} ({press_ms} ms)", en: "officer presses {pin} ({press_ms} ms)" },
  "timeline.input.trace": { vi: "{pin}: phát lại một bản ghi tín hiệu ({edges} lần đổi mức)", en: "{pin}: a recorded trace starts playing ({edges} edges)" },
  "timeline.input.script": { vi: "{pin}: {edges} lần đổi mức theo kịch bản (dội, nhiễu hoặc bấm)", en: "{pin}: {edges} scripted level changes (bounce, noise or press)" },
  "timeline.pin.button": { vi: "nút báo động", en: "button" },
  "timeline.pin.acknowledge": { vi: "nút Xác nhận", en: "acknowledge" },
  "timeline.pin.reset": { vi: "nút Đặt lại", en: "reset" },
  "timeline.siren_test": { vi: "cán bộ thử còi", en: "siren test started by an officer" },
  "timeline.unprovisioned": { vi: "thiết bị CHƯA ĐƯỢC CÀI ĐẶT ({role}): dùng bell provision", en: "board NOT PROVISIONED yet ({role}): run bell provision" },
  "timeline.pin": { vi: "{role} → {level}", en: "{role} → {level}" },
  "timeline.radio_send": { vi: "vô tuyến: {bytes} byte tới {to}", en: "radio: {bytes} bytes to {to}" },
  "timeline.radio_arrival.delivered": { vi: "vô tuyến: đã nhận gói tin từ {from}", en: "radio: frame from {from} received" },
  "timeline.radio_arrival.lost": { vi: "vô tuyến: mất gói tin từ {from} ({fate})", en: "radio: frame from {from} lost ({fate})" },
  "timeline.unknown_field": { vi: "{name} = {value}", en: "{name}={value}" },

  // --- the summary line of a run ---
  "summary.line": {
    vi: "kết thúc \"{scenario}\" (seed {seed}): {counts}; vô tuyến: {sent} gói gửi đi, {received} lượt nhận{extras}, {lost} bị mất",
    en: "end of \"{scenario}\" (seed {seed}): {counts}; radio {sent} frames sent, {received} copies received{extras}, {lost} lost",
  },
  "summary.duplicates": { vi: "{n} bản lặp", en: "{n} duplicates" },
  "summary.injected": { vi: "{n} do kẻ tấn công phát", en: "{n} sent by the attacker" },
  "summary.mqtt_not_counted": { vi: " (không tính gói tin đi qua MQTT)", en: " (frames over MQTT are not counted here)" },
  "summary.no_events": { vi: "không có sự kiện", en: "no events" },
  "summary.header": { vi: "{name} — seed {seed}, {devices} thiết bị, {seconds} s thời gian mô phỏng", en: "{name} — seed {seed}, {devices} devices, {seconds} s of virtual time" },

  // --- words for what the operating system reports (never an errno code alone) ---
  "system.ENOENT": { vi: "không có tệp hoặc thư mục này", en: "no such file or folder" },
  "system.ENOENT.write": { vi: "thư mục chứa tệp này không tồn tại", en: "the folder it should go in does not exist" },
  "system.EISDIR": { vi: "đây là một thư mục, không phải tệp", en: "it is a folder, not a file" },
  "system.ENOTDIR": { vi: "một phần của đường dẫn không phải là thư mục", en: "a part of the path is not a folder" },
  "system.EACCES": { vi: "không có quyền truy cập", en: "permission denied" },
  "system.EPERM": { vi: "hệ điều hành không cho phép", en: "the system does not allow it" },
  "system.EROFS": { vi: "ổ đĩa chỉ cho đọc", en: "the disk is read-only" },
  "system.ENOSPC": { vi: "ổ đĩa đã đầy", en: "the disk is full" },
  "system.EEXIST": { vi: "đã có tệp này", en: "it already exists" },
  "system.ECONNREFUSED": { vi: "máy chủ từ chối kết nối (không có gì đang chạy ở cổng đó)", en: "connection refused (nothing listens on that port)" },
  "system.ENOTFOUND": { vi: "không tìm thấy tên máy chủ này", en: "no computer has that name (unknown host)" },
  "system.EAI_AGAIN": { vi: "không tra được tên máy chủ (mạng hoặc DNS có vấn đề)", en: "the host name could not be looked up (network or DNS trouble)" },
  "system.ETIMEDOUT": { vi: "hết thời gian chờ trả lời", en: "no answer in time" },
  "system.ECONNRESET": { vi: "kết nối bị ngắt giữa chừng", en: "the connection was cut" },
  "system.EHOSTUNREACH": { vi: "không tới được máy chủ đó qua mạng", en: "that computer cannot be reached on the network" },
  "system.ENETUNREACH": { vi: "không có mạng tới đó", en: "no network route to it" },
  "system.other": { vi: "lỗi hệ thống: {detail}", en: "system error: {detail}" },

  // --- bell monitor ---
  "monitor.watching": { vi: "Đang theo dõi bo mạch ở {path}. Bấm Ctrl-C để dừng.", en: "Watching the board on {path}. Press Ctrl-C to stop." },
  "monitor.lost": { vi: "Bo mạch ở {path} đã bị ngắt. Đang chờ bo mạch… (cắm lại; Ctrl-C để dừng)", en: "The board on {path} was disconnected. Waiting for the board… (plug it back in; Ctrl-C to stop)" },
  "monitor.back": { vi: "Bo mạch đã kết nối lại ở {path}.", en: "The board is back on {path}." },
  "monitor.waiting": { vi: "Đang chờ bo mạch… (hãy cắm vào; Ctrl-C để dừng)", en: "Waiting for the board… (plug it in; Ctrl-C to stop)" },

  // --- bell bridge: the broker ---
  "bridge.broker_failed": {
    vi: "không kết nối được máy chủ MQTT {broker}: {why}; thử lại sau {retry_s} s",
    en: "cannot connect to the MQTT broker {broker}: {why}; trying again in {retry_s} s",
  },

  // MQTT 3.1.1 CONNACK return codes 1–5 (§3.2.2.3)
  "mqtt.connack.1": { vi: "máy chủ không dùng MQTT 3.1.1 (phiên bản giao thức không phù hợp)", en: "the broker does not speak MQTT 3.1.1 (unacceptable protocol version)" },
  "mqtt.connack.2": { vi: "máy chủ từ chối mã khách (client id)", en: "the broker refused the client id" },
  "mqtt.connack.3": { vi: "máy chủ đang chạy nhưng dịch vụ MQTT không sẵn sàng", en: "the broker is up but its MQTT service is unavailable" },
  "mqtt.connack.4": { vi: "máy chủ từ chối tên đăng nhập hoặc mật khẩu", en: "the broker refused the user name or password" },
  "mqtt.connack.5": { vi: "máy chủ từ chối: khách này không được phép (kiểm tra tên đăng nhập, mật khẩu và ACL)", en: "the broker refused: this client is not authorised (check the user name, password and ACL)" },

  // --- Home Assistant names (tools/mqtt/discovery.ts); HA shows "<device name> <entity name>" ---
  "ha.caller.link": { vi: "Liên lạc", en: "Link" },
  "ha.caller.fault": { vi: "Lỗi nút báo động", en: "Caller fault" },
  "ha.post.incident": { vi: "Vụ báo động", en: "Incident" },
  "ha.post.device": { vi: "Trạm công an", en: "Police post" },
  "ha.post.model": { vi: "trạm nhận + cầu nối MQTT", en: "receiver + bridge" },
  "ha.caller.device": { vi: "nút báo động", en: "panic-alarm caller" },
} as const satisfies Record<string, { readonly vi: string; readonly en: string }>;

/** A message id of the catalogue. */
export type MessageId = keyof typeof MESSAGES;
