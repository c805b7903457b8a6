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

  // --- bell provision: guidance for the installer (tools/provision/) ---
  "provision.created": { vi: "Đã tạo {file} cho {name} ({post}), kênh {channel}, trạm nhận \"{receiver}\".", en: "Created {file} for {name} ({post}), channel {channel}, receiver \"{receiver}\"." },
  "provision.keep_private": { vi: "  Tệp này sẽ giữ khóa của mọi nút báo động: không đưa cho người ngoài và giữ một bản sao dự phòng.", en: "  It will hold the keys of every caller: keep it private and keep a backup copy." },
  "provision.next_add": { vi: "Việc tiếp theo: thêm các nút báo động, ví dụ  bell provision add-caller clinic --name \"Trạm y tế\"", en: "Next: add the callers, e.g.  bell provision add-caller clinic --name \"Trạm y tế\"" },
  "provision.added": { vi: "Đã thêm nút báo động {id} (\"{name}\"), mã nút {node}, với khóa mới.", en: "Added caller {id} (\"{name}\"), node {node}, with a new key." },
  "provision.replaced": {
    vi: "{id} (\"{name}\") đã có khóa mới và mã nút {node}; bo mạch cũ của nó bị bỏ.\n  Trạm nhận {receiver} vẫn giữ khóa cũ: cho tới khi được cài đặt lại, trạm bỏ qua {id}.",
    en: "{id} (\"{name}\") now has a new key and node {node}; its old board is forgotten.\n  The receiver {receiver} still has the old key: until it is provisioned again it ignores {id}.",
  },
  "provision.removed": { vi: "Đã xóa {id} (\"{name}\"). Hãy tắt bo mạch của nó; nó không còn thuộc trạm này.", en: "Removed {id} (\"{name}\"). Switch its board off; it no longer belongs to the post." },
  "provision.show.header": { vi: "Trạm {post}: {name}, kênh {channel} (sổ đăng ký {file})", en: "Post {post}: {name}, channel {channel} (registry {file})" },
  "provision.show.node": { vi: "mã nút {node}", en: "node {node}" },
  "provision.show.no_address": { vi: "chưa biết địa chỉ", en: "address unknown" },
  "provision.state.current": { vi: "đã cập nhật", en: "up to date" },
  "provision.state.stale": { vi: "CẦN CÀI ĐẶT LẠI", en: "NEEDS PROVISIONING AGAIN" },
  "provision.state.never": { vi: "chưa cài đặt", en: "not provisioned" },
  "provision.steps.done": { vi: "Mọi bo mạch của trạm đã có thông tin cài đặt của mình.", en: "Every board of the post holds its identity." },
  "provision.steps.next": { vi: "Việc tiếp theo:", en: "Next:" },
  "provision.why.receiver_address": { vi: "cắm trạm nhận vào một lần để ghi lại địa chỉ của nó (các nút báo động cần địa chỉ này)", en: "plug in the receiver once so its address is recorded (the callers need it)" },
  "provision.why.never": { vi: "chưa được cài đặt", en: "not provisioned yet" },
  "provision.why.never_address_known": { vi: "chưa được cài đặt (đã ghi lại địa chỉ)", en: "not provisioned yet (its address is recorded)" },
  "provision.why.caller_changed": { vi: "sổ đăng ký đã thay đổi từ lần cài đặt trước (trạm nhận, mã nút, khóa hoặc thông số)", en: "the registry changed since it was provisioned (its receiver, node id, key or settings)" },
  "provision.why.receiver_never": { vi: "chưa được cài đặt: trạm cần địa chỉ của mọi nút báo động, nên làm sau các nút", en: "not provisioned yet: it needs every caller's address, so do it after the callers" },
  "provision.why.receiver_changed": {
    vi: "các nút báo động của trạm đã thay đổi từ lần cài đặt trước (thêm, thay, xóa hoặc đổi tên): cho tới lúc đó trạm bỏ qua các nút đã đổi",
    en: "its callers changed since it was provisioned (added, replaced, removed or renamed): until then it ignores the changed callers",
  },
  "provision.option.channel": { vi: "phải là một kênh Wi-Fi {min}…{max} (thường chọn 1, 6 hoặc 11)", en: "must be a Wi-Fi channel {min}…{max} (1, 6 or 11 are the usual choices)" },
  "provision.option.settings": { vi: "phải là một đối tượng JSON, ví dụ '{example}'", en: "must be a JSON object, e.g. '{example}'" },
  "console.option.baud": { vi: "phải là tốc độ tính bằng bit/s, 9600…4000000", en: "must be a speed in bits/s, 9600…4000000" },
  "provision.device.start": { vi: "Đang cài đặt {id} ({role}, \"{name}\") của trạm {post} qua {port}:", en: "Provisioning {id} ({role}, \"{name}\") of post {post} on {port}:" },
  "provision.device.board": { vi: "  bo mạch: phần mềm {role}, địa chỉ {address}, {held}", en: "  board: {role} firmware, address {address}, {held}" },
  "provision.device.held_as": { vi: "đã được cài đặt là {device}", en: "provisioned as {device}" },
  "provision.device.held_damaged": { vi: "đang giữ thông tin cài đặt bị hỏng", en: "holding a damaged identity" },
  "provision.device.held_none": { vi: "chưa được cài đặt", en: "not provisioned yet" },
  "provision.device.address_recorded": { vi: "  đã ghi địa chỉ vào sổ đăng ký", en: "  address recorded in the registry" },
  "provision.device.was_other": { vi: "  lưu ý: bo mạch này trước là \"{before}\"; nay nó thành {id} (dữ liệu cũ của nó bị xóa)", en: "  note: this board was \"{before}\" before; it becomes {id} (its old state is cleared)" },
  "provision.device.waiting": {
    vi: "{id} CHƯA được cài đặt: cần địa chỉ của {names}, bell sẽ biết địa chỉ này khi bo mạch đó được cắm vào.",
    en: "{id} is NOT provisioned yet: it needs the address of {names}, which bell learns when that board is plugged in.",
  },
  "provision.device.unchanged": { vi: "  bo mạch đã giữ đúng thông tin này (mã kiểm tra {crc}): không cần ghi", en: "  the board already holds this identity (checksum {crc}): nothing to write" },
  "provision.device.written": { vi: "  đã ghi và kiểm tra thông tin trên bo mạch ({entries} mục, mã kiểm tra {crc}){cleared}", en: "  identity written and checked on the board ({entries} entries, checksum {crc}){cleared}" },
  "provision.device.cleared": { vi: "; đã xóa dữ liệu của thiết bị cũ", en: "; the former device's state cleared" },
  "provision.device.restarting": { vi: "  đang khởi động lại bo mạch…", en: "  restarting the board…" },
  "provision.device.running": { vi: "  {id} đã khởi động lại và đang chạy", en: "  {id} restarted and is running" },
  "provision.device.usb_gone": { vi: "  bo mạch đã khởi động lại và cổng USB của nó biến mất (bo mạch có USB gắn sẵn hay như vậy); kiểm tra bằng: bell monitor", en: "  the board restarted and its USB port went away (boards with native USB do this); check it with: bell monitor" },
  "provision.device.no_start": { vi: "  bo mạch không báo đã khởi động trong {seconds} s; kiểm tra bằng: bell monitor --port {port}", en: "  the board did not report its start within {seconds} s; check it with: bell monitor --port {port}" },
  "provision.device.done": { vi: "{id} đã được cài đặt.", en: "{id} is provisioned." },
  "provision.boot.not_provisioned": { vi: "nó báo là chưa được cài đặt", en: "it reports it is not provisioned" },

  // --- bell provision: errors (the id follows the first line) ---
  "provision.err.no_registry": {
    vi: "không có sổ đăng ký trong {dir} (không có tệp *{suffix})\n  Tạo sổ cho trạm:  bell provision init --post <id> --name \"<tên trạm>\"\n  hoặc chỉ rõ tệp:  --registry FILE",
    en: "no registry in {dir} (no *{suffix} file)\n  Create one for the post:  bell provision init --post <id> --name \"<the post's name>\"\n  or name it:               --registry FILE",
  },
  "provision.err.several_registries": { vi: "có nhiều sổ đăng ký trong {dir}: {files}\n  Chỉ rõ sổ cần dùng: --registry {first}", en: "several registries in {dir}: {files}\n  Name the one to use: --registry {first}" },
  "provision.err.registry_exists": {
    vi: "{file} đã có: bell không bao giờ ghi đè một sổ đăng ký (sổ giữ khóa của các bo mạch)\n  Để xem sổ: bell provision show --registry {file}",
    en: "{file} already exists: bell never overwrites a registry (it holds the keys of the boards)\n  To see it: bell provision show --registry {file}",
  },
  "provision.err.registry_missing": {
    vi: "{file} không tồn tại\n  Hãy tạo sổ đăng ký của trạm trước: bell provision init --post <id> --name \"<tên trạm>\"",
    en: "{file} does not exist\n  Create the registry of the post first: bell provision init --post <id> --name \"<the post's name>\"",
  },
  "provision.err.cannot_read": { vi: "không đọc được {file}: {why}", en: "cannot read {file}: {why}" },
  "provision.err.no_device": { vi: "trạm {post} không có thiết bị \"{id}\"\n  Các thiết bị của trạm: {devices}", en: "post {post} has no device \"{id}\"\n  Its devices: {devices}" },
  "provision.err.info_refused": { vi: "bo mạch ở {port} từ chối lệnh \"info\": {why}", en: "the board on {port} refused \"info\": {why}" },
  "provision.err.protocol": {
    vi: "bo mạch ở {port} dùng giao thức console {protocol}; bản bell này dùng 1.\n  Hãy cập nhật bell, hoặc nạp cho bo mạch phần mềm cùng phiên bản với bell này.",
    en: "the board on {port} speaks console protocol {protocol}; this bell speaks 1.\n  Update bell, or flash the board with firmware built from the same version as this bell.",
  },
  "provision.err.wrong_role": {
    vi: "bo mạch ở {port} đang chạy phần mềm {board_role}, nhưng {id} là {role_name}.\n  Chưa ghi gì cả. Hãy cắm bo mạch của {id}, hoặc trước tiên nạp phần mềm {role_name} cho bo mạch này (make flash-{role}).",
    en: "the board on {port} runs the {board_role} firmware, but {id} is a {role_name}.\n  Nothing was written. Plug in {id}'s board, or flash this one with the {role_name} firmware first (make flash-{role}).",
  },
  "provision.err.bad_address": { vi: "bo mạch ở {port} báo một địa chỉ không phải địa chỉ MAC ({address})", en: "the board on {port} reported an address that is not a MAC ({address})" },
  "provision.err.refused": {
    vi: "bo mạch từ chối thông tin cài đặt{field}: {why} [{code}]\n  Chưa ghi gì vào sổ. Nếu lỗi lặp lại, có thể phần mềm trên bo mạch và bản bell này khác phiên bản.",
    en: "the board refused the identity{field}: {why} [{code}]\n  Nothing was recorded. If this repeats, the board's firmware and this bell may be of different versions.",
  },
  "provision.err.refused_field": { vi: " (trường {field})", en: " (field {field})" },
  "provision.err.verify": {
    vi: "bo mạch báo mã kiểm tra thông tin là {board_crc}, nhưng sổ đăng ký cho {crc}.\n  Hãy chạy lại đúng lệnh đó; nếu vẫn lặp lại, phần mềm trên bo mạch và bản bell này khác phiên bản.",
    en: "the board reports identity checksum {board_crc}, but the registry gives {crc}.\n  Run the same command again; if it repeats, the board's firmware and this bell are of different versions.",
  },
  "provision.err.boot": {
    vi: "{id} đã khởi động lại nhưng ứng dụng không chạy ({event}: {why}).\n  Hãy chạy lại đúng lệnh đó; theo dõi bo mạch bằng: bell monitor --port {port}",
    en: "{id} restarted but did not start its app ({event}: {why}).\n  Run the same command again; watch the board with: bell monitor --port {port}",
  },
  "provision.err.other_board": {
    vi: "bo mạch ở {port} (địa chỉ {address}) là {other} (\"{other_name}\") trong sổ đăng ký này, không phải {id}.\n  Chưa ghi gì cả. Hãy cắm bo mạch của {id} vào.\n  (Nếu bo mạch của {other} thật sự sẽ thành {id}, hãy xóa {other} trước: bell provision remove {other})",
    en: "the board on {port} (address {address}) is {other} (\"{other_name}\") in this registry, not {id}.\n  Nothing was written. Plug in {id}'s board instead.\n  (If {other}'s board is really to become {id}, remove {other} first: bell provision remove {other})",
  },
  "provision.err.registered_board": {
    vi: "{id} đã đăng ký với bo mạch {mac}, nhưng bo mạch ở {port} là {address}.\n  Chưa ghi gì cả. Hãy cắm đúng bo mạch của {id}, hoặc nếu bo mạch đã được thay, trước tiên chạy\n    bell provision replace {id}\n  (bo mạch mới nhận khóa mới), rồi chạy lại lệnh này.",
    en: "{id} is registered with the board {mac}, but the board on {port} is {address}.\n  Nothing was written. Plug in {id}'s own board, or, if its board was replaced, first run\n    bell provision replace {id}\n  (the new board gets a new key), then run this command again.",
  },
  "provision.err.no_answer": { vi: "bo mạch ở {port} không trả lời lệnh \"{command}\" ({waited}). Chưa ghi gì cả.", en: "the board on {port} did not answer \"{command}\" ({waited}). Nothing was written." },
  "provision.err.no_answer.tries_over": { vi: "{tries} lần thử trong {seconds} s", en: "{tries} tries over {seconds} s" },
  "provision.err.no_answer.tries": { vi: "{tries} lần thử", en: "{tries} tries" },
  "provision.err.no_answer.silent": { vi: "  Cổng hoàn toàn im lặng: không nhận được gì từ nó.", en: "  The port stayed silent: nothing at all came from it." },
  "provision.err.no_answer.printed_one": { vi: "  Nó in ra dòng này, không phải câu trả lời của warning-bell:", en: "  It printed this, which are not warning-bell replies:" },
  "provision.err.no_answer.printed_many": { vi: "  Nó in ra các dòng này, không phải câu trả lời của warning-bell:", en: "  It printed these lines, which are not warning-bell replies:" },
  "provision.err.no_answer.binary": { vi: "  Nó gửi {bytes} byte không phải chữ: sai tốc độ? (thử --baud 115200)", en: "  It sent {bytes} bytes that are not text: a wrong speed? (try --baud 115200)" },
  "provision.err.no_answer.check": {
    vi: "  Hãy kiểm tra:\n    - đây đúng là cổng của bo mạch {id}: rút ra rồi cắm lại, sau đó chạy lại đúng lệnh đó\n      nhưng bỏ --port để bell tự tìm;\n    - bo mạch chạy phần mềm {role_name} của warning-bell (make flash-{role}), bản có console\n      (mặc định của Makefile): bản phát hành thường không có console;\n    - không có chương trình nào khác (bell monitor, screen, Arduino IDE) đang mở cổng này.",
    en: "  Check that:\n    - this is the port of {id}'s board: unplug it and plug it back in, then run the same\n      command without --port to let bell find it;\n    - the board runs warning-bell's {role_name} firmware (make flash-{role}), built as an\n      instrumented build (the Makefile's default): a plain release build has no console;\n    - no other program (bell monitor, screen, the Arduino IDE) has the port open.",
  },

  // --- errors of bell flash, bell monitor and bell provision about the board and its port ---
  // (tools/flash/errors.ts, tools/flash/ports.ts, tools/monitor/console-client.ts; quoted in docs/flashing.md)
  "port.busy": {
    vi: "{path} đang bị một chương trình khác dùng (đã thử {attempts} lần).\n  Hãy đóng chương trình đang mở cổng này, rồi chạy lại đúng lệnh đó. Các chương trình hay mở cổng:\n    - chương trình theo dõi cổng nối tiếp: bell monitor, screen, minicom, picocom, Arduino IDE hoặc PlatformIO monitor;\n    - ModemManager, chương trình này dò thiết bị USB mới cắm trong vài giây\n      (đợi 10 giây rồi thử lại, hoặc dừng nó: sudo systemctl stop ModemManager);\n    - một lệnh bell flash khác vẫn đang chạy.\n  Để xem chương trình nào đang giữ cổng: sudo fuser -v {path}",
    en: "{path} is in use by another program (tried {attempts} times).\n  Close the program that has it open, then run the same command again. Programs that often do:\n    - a serial monitor: bell monitor, screen, minicom, picocom, the Arduino IDE or PlatformIO monitor;\n    - ModemManager, which probes new USB serial devices for a few seconds after they are plugged in\n      (wait 10 seconds and try again, or stop it: sudo systemctl stop ModemManager);\n    - another bell flash that is still running.\n  To see which program has it: sudo fuser -v {path}",
  },
  "port.busy_console": {
    vi: "{path} đang bị một chương trình khác dùng.\n  Mỗi lúc chỉ một chương trình dùng được console của bo mạch. Hãy đóng chương trình kia, rồi chạy lại\n  đúng lệnh đó. Thường đó là: một bell monitor hay bell provision khác (ở cửa sổ khác),\n  screen, minicom, picocom, Arduino IDE, hoặc ModemManager đang dò bo mạch vừa cắm\n  (đợi 10 giây rồi thử lại).\n  Để xem chương trình nào đang giữ cổng: sudo fuser -v {path}",
    en: "{path} is in use by another program.\n  Only one program at a time can use a board's console. Close the other one, then run the same\n  command again. Often it is: another bell monitor or bell provision (in another window),\n  screen, minicom, picocom, the Arduino IDE, or ModemManager probing a board just plugged in\n  (wait 10 seconds and try again).\n  To see which program has it: sudo fuser -v {path}",
  },
  "port.permission": {
    vi: "không có quyền mở {path}: tài khoản của bạn chưa được dùng cổng nối tiếp.\n  Thêm tài khoản vào nhóm {group} (mỗi máy tính một lần):\n    sudo usermod -a -G {group} $USER\n  rồi đăng xuất và đăng nhập lại (hoặc khởi động lại máy) để có hiệu lực,\n  và chạy lại đúng lệnh đó.",
    en: "permission denied opening {path}: your user may not use serial ports yet.\n  Add yourself to the {group} group (once per computer):\n    sudo usermod -a -G {group} $USER\n  then log out and log in again (or restart the computer) so it takes effect,\n  and run the same command again.",
  },
  "port.open_failed": {
    vi: "không mở được {path}: {why}\n  Rút bo mạch ra, cắm lại, rồi chạy lại đúng lệnh đó.\n  Nếu vẫn lỗi, hãy thử cổng USB khác hoặc dây cáp khác.",
    en: "cannot open {path}: {why}\n  Unplug the board, plug it in again, and run the same command again.\n  If it keeps failing, try another USB socket or cable.",
  },
  "port.missing": { vi: "{path} không tồn tại. Bo mạch đã được cắm vào chưa?", en: "{path} does not exist. Is the board plugged in?" },
  "port.missing.usb_ports": { vi: "  Các cổng USB nối tiếp trên máy này:", en: "  USB serial ports on this computer:" },
  "port.missing.example": { vi: "  Ví dụ: {command}", en: "  For example: {command}" },
  "port.missing.none": { vi: "  Không có cổng USB nối tiếp nào (/dev/ttyUSB*, /dev/ttyACM*): chưa có bo mạch nào được cắm.", en: "  No USB serial port (/dev/ttyUSB*, /dev/ttyACM*) is present: no board is connected." },
  "port.built_in.one": { vi: "  ({ports} thuộc về chính máy tính, không phải bo mạch.)", en: "  ({ports} belongs to the computer itself, not to a board.)" },
  "port.built_in.many": { vi: "  ({ports} thuộc về chính máy tính, không phải bo mạch.)", en: "  ({ports} belong to the computer itself, not to a board.)" },
  "port.plug_in": {
    vi: "  Hãy cắm bo mạch bằng dây cáp dữ liệu (dây chỉ để sạc thì cấp điện cho bo mạch nhưng không\n  truyền dữ liệu) rồi chạy lại đúng lệnh đó.",
    en: "  Plug the board in with a data cable (a charge-only cable powers the board but carries\n  no data) and run the same command again.",
  },
  "port.no_udev": {
    vi: "không tìm được bo mạch: máy này không có udev (thiếu chương trình udevadm).\n  bell tìm cổng USB nối tiếp nhờ udev. Thay vào đó, hãy chỉ cho bell cổng cần dùng:\n    {command}",
    en: "cannot look for boards: this system has no udev (the program udevadm is missing).\n  bell finds USB serial ports through udev. Tell bell which port to use instead:\n    {command}",
  },
  "port.no_udev.files": { vi: "  Các thiết bị nối tiếp đang có: {files}", en: "  Serial devices present: {files}" },
  "port.no_udev.no_files": { vi: "  Lúc này không có thiết bị USB nối tiếp nào (/dev/ttyUSB*, /dev/ttyACM*).", en: "  No USB serial device (/dev/ttyUSB*, /dev/ttyACM*) is present right now." },
  "port.no_udev.install": { vi: "  Hoặc cài udev (Debian/Ubuntu: sudo apt-get install udev) rồi chạy lại đúng lệnh đó.", en: "  Or install udev (Debian/Ubuntu: sudo apt-get install udev) and run the same command again." },
  "port.list_failed": { vi: "không liệt kê được các cổng nối tiếp: {why}\n  Hãy chỉ cho bell cổng cần dùng: {command}", en: "cannot list the serial ports: {why}\n  Tell bell which port to use: {command}" },
  "port.no_board": { vi: "không tìm thấy bo mạch ESP32 nào qua USB.", en: "no ESP32 board found on USB." },
  "port.no_board.seen": { vi: "  Các cổng nối tiếp thấy được (không cổng nào có chip USB dùng trên bo mạch ESP32):", en: "  Serial ports seen (none of them has a USB chip used on ESP32 boards):" },
  "port.no_board.none": { vi: "  Không thấy cổng nối tiếp nào.", en: "  No serial port at all is visible." },
  "port.no_board.built_in": { vi: "  (Cổng không có mã USB thuộc về chính máy tính, không phải bo mạch.)", en: "  (Ports without a USB id belong to the computer itself, not to a board.)" },
  "port.no_board.check": {
    vi: "  Hãy kiểm tra:\n    - bo mạch được cắm bằng dây cáp dữ liệu (dây chỉ để sạc cấp điện cho bo mạch nhưng không truyền dữ liệu);\n    - đèn nguồn của bo mạch sáng; thử cổng USB khác, cắm thẳng vào máy tính thay vì qua bộ chia.",
    en: "  Check that:\n    - the board is plugged in with a data cable (a charge-only cable powers the board but carries no data);\n    - its power LED is on; try another USB socket, directly on the computer rather than through a hub.",
  },
  "port.no_board.name_it": { vi: "  Nếu bo mạch của bạn là một trong các cổng USB ở trên, hãy chỉ rõ: {command}", en: "  If your board is one of the USB ports above, name it: {command}" },
  "port.no_board.unusual": { vi: "  Nếu bo mạch dùng chip USB lạ, hãy chỉ rõ cổng của nó bằng --port.", en: "  If the board uses an unusual USB chip, name its port with --port." },
  "port.many_boards.flash": { vi: "tìm thấy {count} bo mạch ESP32; bell sẽ không đoán bo mạch nào cần nạp.", en: "{count} ESP32 boards found; bell will not guess which one to flash." },
  "port.many_boards.use": { vi: "tìm thấy {count} bo mạch ESP32; bell sẽ không đoán bo mạch nào cần dùng.", en: "{count} ESP32 boards found; bell will not guess which one to use." },
  "port.many_boards.choose": { vi: "  Chọn một bằng --port, ví dụ: {command}", en: "  Choose one with --port, for example: {command}" },
  "port.many_boards.unplug.flash": { vi: "  (Rút bo mạch không cần nạp ra để biết cổng nào là của bo mạch nào.)", en: "  (Unplug the board you do not want to flash to see which port is which.)" },
  "port.many_boards.unplug.use": { vi: "  (Rút bo mạch không cần dùng ra để biết cổng nào là của bo mạch nào.)", en: "  (Unplug the board you do not want to use to see which port is which.)" },
  "flash.no_sync": {
    vi: "bo mạch ở {path} không trả lời ({tries} lần thử kết nối): nó không ở chế độ nạp.\n{how}  Hãy tự đưa nó vào chế độ nạp:\n    1. Chạy lại đúng lệnh đó.\n    2. Khi dòng \"Connecting\" hiện ra, giữ nút BOOT (còn ghi là IO0 hoặc FLASH),\n       bấm rồi nhả nút EN (còn ghi là RST hoặc RESET), sau đó nhả BOOT.\n  Kiểm tra thêm: dây cáp truyền được dữ liệu (không phải dây chỉ để sạc), và không có gì nối vào GPIO0,\n  GPIO2 hay GPIO12 có thể giữ chúng ở mức sai khi khởi động lại.\n",
    en: "the board on {path} did not answer ({tries} connection attempts): it is not in download mode.\n{how}  Put it in download mode by hand:\n    1. Run the same command again.\n    2. When \"Connecting\" appears, hold down the BOOT button (also labelled IO0 or FLASH),\n       press and release the EN button (also labelled RST or RESET), then release BOOT.\n  Also check: the cable carries data (not a charge-only cable), and nothing is wired to GPIO0,\n  GPIO2 or GPIO12 that could hold them at the wrong level during reset.\n",
  },
  "flash.no_sync.reset": { vi: "  bell đã thử khởi động lại bo mạch vào chế độ nạp, giữ lâu dần, nhưng nó không vào.\n", en: "  bell tried to reset it into download mode, with longer and longer holds, and it did not enter it.\n" },
  "flash.no_sync.no_reset_hold": { vi: "  bell không khởi động lại bo mạch (--no-reset-hold), và nó không ở chế độ nạp.\n", en: "  bell did not reset it (--no-reset-hold), and it was not in download mode.\n" },
  "flash.no_sync.no_lines": { vi: "  Cổng này không có đường DTR/RTS nên bell không khởi động lại được bo mạch, và nó không ở chế độ nạp.\n", en: "  This port has no DTR/RTS lines, so bell could not reset it, and it was not in download mode.\n" },
  "flash.no_sync.saw": { vi: "  (bell đã thấy: {what}.)", en: "  (What bell saw: {what}.)" },
  "flash.wrong_chip": {
    vi: "bo mạch ở {path} là {board_chip}, nhưng phần mềm này được dựng cho {built_for}.\n  Chưa ghi gì cả. Hãy dựng phần mềm cho bo mạch này (nền tảng mcconfig -p), hoặc nạp vào\n  một bo mạch có đúng chip.",
    en: "the board on {path} is an {board_chip}, but this firmware was built for {built_for}.\n  Nothing was written. Build the firmware for this board (the mcconfig -p platform), or flash\n  a board with the right chip.",
  },
  "flash.too_small": {
    vi: "bo mạch ở {path} có {board_size} bộ nhớ flash, nhưng {need}.\n  Chưa ghi gì cả. Hãy dựng phần mềm cho cỡ flash này, hoặc dùng bo mạch có nhiều flash hơn.",
    en: "the board on {path} has {board_size} of flash, but {need}.\n  Nothing was written. Build the firmware for this flash size, or use a board with more flash.",
  },
  "flash.too_small.built_for": { vi: "phần mềm này được dựng cho {size}", en: "this firmware was built for {size}" },
  "flash.too_small.files_need": { vi: "các tệp cần {size}", en: "the files need {size}" },
  "flash.progress.nothing": { vi: "chưa có gì", en: "nothing yet" },
  "flash.progress.verified": { vi: "  Đã ghi và kiểm tra trước đó: {done}.", en: "  Written and verified before that: {done}." },
  "flash.progress.in_progress": { vi: "  Đang ghi {region}{sent}; phần đó chưa xong.", en: "  It was writing {region}{sent}; that part is incomplete." },
  "flash.progress.sent": { vi: " (đã gửi {percent}%)", en: " ({percent}% sent)" },
  "flash.unplugged": { vi: "bo mạch ở {path} bị ngắt trong khi nạp.", en: "the board on {path} was disconnected during flashing." },
  "flash.unplugged.advice": {
    vi: "  Bo mạch vẫn an toàn: trình khởi động trong ROM không thể bị ghi đè, nên luôn nạp lại được.\n  Cắm lại (dây cáp dữ liệu ngắn, cắm thẳng vào máy tính thay vì qua bộ chia) rồi chạy lại\n  đúng lệnh đó; lệnh sẽ ghi lại mọi thứ từ đầu.",
    en: "  The board is safe: its ROM bootloader cannot be overwritten, so it can always be flashed again.\n  Plug it back in (a short data cable, directly on the computer rather than a hub) and run the\n  same command again; it writes everything from the start.",
  },
  "flash.no_reply": { vi: "bo mạch ở {path} ngừng trả lời trong khi nạp ({detail}).", en: "the board on {path} stopped answering during flashing ({detail})." },
  "flash.no_reply.safe": { vi: "  Bo mạch vẫn an toàn và nạp lại được. Sau đó:\n    - dùng dây cáp dữ liệu ngắn, cắm thẳng vào máy tính thay vì qua bộ chia;", en: "  The board is safe and can be flashed again. Then:\n    - use a short data cable, directly on the computer rather than through a hub;" },
  "flash.no_reply.slower": { vi: "    - thử tốc độ thấp hơn: thêm --baud 115200 vào lệnh;", en: "    - try a lower speed: add --baud 115200 to the command;" },
  "flash.no_reply.again": { vi: "    - chạy lại đúng lệnh đó.", en: "    - run the same command again." },
  "flash.verify": {
    vi: "{region} không khớp khi kiểm tra trên bo mạch ở {path} sau {attempts} lần thử.\n  MD5 của tệp là {file_md5}; bo mạch đọc lại được {flash_md5}.\n  Bo mạch vẫn an toàn và nạp lại được. Hãy chạy lại đúng lệnh đó; nếu vẫn lỗi,\n  thử cổng USB khác hoặc dây cáp khác (nguồn điện yếu làm hỏng dữ liệu ghi), rồi thử bo mạch khác:\n  chip flash của bo mạch này có thể đang hỏng.",
    en: "{region} did not verify on the board on {path} after {attempts} attempts.\n  The file's MD5 is {file_md5}; the board read back {flash_md5}.\n  The board is safe and can be flashed again. Run the same command again; if it fails again,\n  try another USB socket or cable (a weak power supply corrupts writes), then another board:\n  the flash chip of this one may be failing.",
  },
  "flash.image.missing": { vi: "{where}: {file} không tồn tại. Việc dựng phần mềm đã xong chưa?", en: "{where}: {file} does not exist. Is the build finished?" },
  "flash.image.not_file": { vi: "{where}: {file} không phải là tệp", en: "{where}: {file} is not a file" },
  "flash.image.empty": { vi: "{where}: {file} rỗng. Việc dựng phần mềm đã xong chưa?", en: "{where}: {file} is empty. Is the build finished?" },
  "flash.image.unreadable": { vi: "{where}: không đọc được {file}: {why}", en: "{where}: cannot read {file}: {why}" },
  "flash.image.not_image": {
    vi: "{where}: {file} không giống một tệp phần mềm ESP32 (byte đầu là {first}, lẽ ra phải là {expected}). Việc dựng phần mềm đã xong chưa?",
    en: "{where}: {file} does not look like an ESP32 firmware image (first byte {first}, expected {expected}). Is the build finished?",
  },
  "flash.image.not_partition_table": { vi: "{where}: {file} không giống một bảng phân vùng (lẽ ra phải bắt đầu bằng {magic})", en: "{where}: {file} does not look like a partition table (expected it to start with {magic})" },
  "flash.image.no_build": {
    vi: "không có {name} trong {build}.\n  --build phải chỉ tới một thư mục dựng ESP-IDF (thư mục chứa {name}, do việc dựng tạo ra);\n  với bản dựng Moddable đó là …/build/tmp/esp32/<board>/<debug|release>/<app>/xsProj-esp32/build.\n  Hoặc cho trực tiếp các tệp: bell flash 0x1000=bootloader.bin 0x8000=partition-table.bin 0x10000=app.bin",
    en: "no {name} in {build}.\n  --build must name an ESP-IDF build directory (the one holding {name}, written by the build);\n  for a Moddable build it is …/build/tmp/esp32/<board>/<debug|release>/<app>/xsProj-esp32/build.\n  Or give the files directly: bell flash 0x1000=bootloader.bin 0x8000=partition-table.bin 0x10000=app.bin",
  },
  "flash.image.argument": { vi: "tham số {n} \"{arg}\"", en: "argument {n} \"{arg}\"" },
  "flash.image.not_pair": { vi: "{where}: cần dạng OFFSET=FILE, ví dụ 0x10000=build/app.bin", en: "{where}: expected OFFSET=FILE, e.g. 0x10000=build/app.bin" },
  "flash.image.not_offset": { vi: "{where}: \"{text}\" không phải là vị trí ghi (viết ví dụ 0x10000)", en: "{where}: \"{text}\" is not an offset (write e.g. 0x10000)" },
  "flash.image.unaligned": {
    vi: "{where}: vị trí ghi {region} là {offset}, không phải bội số của {sector} (khối xóa 4 KiB của flash)",
    en: "{where}: {region} offset {offset} is not a multiple of {sector} (the 4 KiB flash sector)",
  },
  "flash.image.beyond": {
    vi: "{where}: {region} ({size} tại {offset}) kết thúc ở {end}, vượt quá flash {limit}",
    en: "{where}: {region} ({size} at {offset}) ends at {end}, beyond the {limit} flash",
  },
  "flash.image.overlap": {
    vi: "{where}: {prev} ({from}..{to}) chồng lên {region} tại {offset} (ghi tệp này sẽ xóa mất một phần tệp kia)",
    en: "{where}: {prev} ({from}..{to}) overlaps {region} at {offset} (writing one would erase part of the other)",
  },
  "flash.usage.baud": { vi: "--baud phải là số nguyên bit mỗi giây từ {min} tới {max}, nhận được \"{text}\"", en: "--baud must be a whole number of bits per second from {min} to {max}, got \"{text}\"" },
  "flash.usage.both": { vi: "hãy cho --build DIR hoặc các cặp OFFSET=FILE, không cho cả hai", en: "give either --build DIR or OFFSET=FILE pairs, not both" },
  "flash.usage.nothing": {
    vi: "không có gì để nạp.\n  Hãy cho --build DIR (thư mục dựng ESP-IDF chứa flasher_args.json), hoặc các tệp kèm\n  vị trí của chúng, ví dụ bell flash 0x1000=bootloader.bin 0x8000=partition-table.bin 0x10000=app.bin",
    en: "nothing to flash.\n  Give --build DIR (the ESP-IDF build directory holding flasher_args.json), or the files with\n  their offsets, e.g. bell flash 0x1000=bootloader.bin 0x8000=partition-table.bin 0x10000=app.bin",
  },

  // --- bell bridge: the broker ---
  "bridge.broker_failed": {
    vi: "không kết nối được máy chủ MQTT {broker}: {why}; thử lại sau {retry_s} s",
    en: "cannot connect to the MQTT broker {broker}: {why}; trying again in {retry_s} s",
  },
  "sim.mqtt_not_connected": {
    vi: "các thiết bị dùng MQTT ({radios}) chưa kết nối được tới máy chủ {broker} sau {ms} ms{why}",
    en: "MQTT radios {radios} not connected to {broker} within {ms} ms{why}",
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
