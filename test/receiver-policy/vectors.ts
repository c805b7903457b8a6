/**
 * Receiver-policy vectors: inputs at ms offsets and the lines each must give (`render` in
 * bench/harness/receiver-policy-world.ts). Each expectation is derived by hand in the comment above it from the rules in
 * receiver/README.md and `firmware/core/policy/receiver.ts`; `offline_after_ms` is 120 s unless
 * the table says otherwise, and a caller never heard is watched from the boot.
 */
import { freezePolicyTable, type PolicyTable } from "./harness.ts";

const STUCK = 0x02; // HeartbeatStatus.stuckButton
const LINK_FAULT = 0x04; // HeartbeatStatus.linkFault
const STORE_ERROR = "error=flash write failed";

export const POLICY_VECTORS: readonly PolicyTable[] = [
  // One alarm: opened and acked, the siren sounds; a copy is acked again and opens nothing;
  // acknowledge tells the caller and quiets the siren; reset closes it and tells the caller; a
  // late copy after the reset is still a duplicate. Heard at 5 s, c1 is offline at 125 s: after `end`.
  freezePolicyTable({
    name: "an alarm opens one incident; acknowledge and reset tell its caller",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [1000, { alarm: [1, 1, 77] }, ["incident_opened caller=c1 incident=1", "siren alarm", "ack"]],
      [2000, { alarm: [1, 1, 77] }, ["ack"]],
      [3000, { button: "acknowledge" }, ["incident_acknowledged caller=c1 incident=1", "send c1 operator_ack 1", "siren quiet"]],
      [4000, { button: "reset" }, ["incident_resolved caller=c1 incident=1", "send c1 resolved 1"]],
      [5000, { alarm: [1, 1, 77] }, ["ack"]],
    ],
    end: 100_000,
  }),

  // c2 is last heard at 1 s: offline at 121 s (the fault chirp); c1 keeps beating every 30 s.
  // Acknowledge quiets the chirp; c2 heard again is online, the chirp stays quiet.
  freezePolicyTable({
    name: "a silent caller is offline after the timeout, a fault until acknowledged",
    callers: 2,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1", "caller_listed caller=c2"]],
      [1000, { heartbeat: [1, 0, 10] }, []],
      [1000, { heartbeat: [2, 0, 10] }, []],
      [30_000, { heartbeat: [1, 0, 40] }, []],
      [60_000, { heartbeat: [1, 0, 70] }, []],
      [90_000, { heartbeat: [1, 0, 100] }, []],
      [120_000, { heartbeat: [1, 0, 130] }, []],
      [121_000, { due: true }, ["caller_offline caller=c2", "siren fault"]],
      [130_000, { button: "acknowledge" }, ["fault_acknowledged offline=1 stuck=0", "siren quiet"]],
      [140_000, { heartbeat: [2, 0, 150] }, ["caller_online caller=c2"]],
    ],
    end: 145_000,
  }),

  // The store fails from 1 s. The alarm at 2 s opens in RAM (the siren sounds) but is not acked,
  // with store_error and incident_not_recorded (once); its copy at 3 s fails again (store_error,
  // no second incident_not_recorded). Acknowledge fails to write too but still acknowledges in
  // RAM: the caller is told, and the siren chirps the fault (flash lags RAM). The copy at 5 s is
  // then acked (an officer knows of it). The heartbeat at 7 s, store healed, writes the table:
  // the fault ends.
  freezePolicyTable({
    name: "an alarm the store cannot record is not acked until a write succeeds or an officer acknowledges it",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [1000, { store: "fail" }, []],
      [2000, { alarm: [1, 5, 9] }, [`store_error what=incident ${STORE_ERROR}`, "incident_opened caller=c1 incident=5", "incident_not_recorded caller=c1 incident=5", "siren alarm", "no ack"]],
      [3000, { alarm: [1, 5, 9] }, [`store_error what=incident ${STORE_ERROR}`, "no ack"]],
      [4000, { button: "acknowledge" }, [`store_error what=incident ${STORE_ERROR}`, "incident_acknowledged caller=c1 incident=5", "send c1 operator_ack 5", "siren fault"]],
      [5000, { alarm: [1, 5, 9] }, ["ack"]],
      [6000, { store: "heal" }, []],
      [7000, { heartbeat: [1, 0, 7] }, ["siren quiet"]],
    ],
    end: 10_000,
  }),

  // An alarm not recorded at 2 s (store failing); the store heals and the acknowledge at 4 s
  // writes the whole table, that alarm included: the store fault is over (the siren quiet, no
  // chirp for it). A stuck button at 5 s is a fault; released at 6 s, nothing is left to chirp
  // for, so the siren is quiet again (found by the exhaustive check: the post kept chirping for
  // the alarm already written until its caller's next copy).
  freezePolicyTable({
    name: "a write that succeeds ends the store fault of every alarm it wrote",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [1000, { store: "fail" }, []],
      [2000, { alarm: [1, 1, 3] }, [`store_error what=incident ${STORE_ERROR}`, "incident_opened caller=c1 incident=1", "incident_not_recorded caller=c1 incident=1", "siren alarm", "no ack"]],
      [3000, { store: "heal" }, []],
      [4000, { button: "acknowledge" }, ["incident_acknowledged caller=c1 incident=1", "send c1 operator_ack 1", "siren quiet"]],
      [5000, { heartbeat: [1, STUCK, 30] }, ["caller_button_stuck caller=c1", "siren fault"]],
      [6000, { heartbeat: [1, 0, 60] }, ["caller_button_released caller=c1", "siren quiet"]],
    ],
    end: 10_000,
  }),

  // As above, but the write that catches up is the acknowledge itself: the alarm of 2 s was not
  // recorded, the store heals at 3 s, both callers go offline (c2 never heard: 120 s; c1 heard at
  // 2 s: 122 s; no table write meanwhile, flash still lags). The acknowledge at 130 s writes the
  // table, so the fault it acknowledges is the two offline callers only: no `unrecorded`.
  freezePolicyTable({
    name: "an acknowledge whose write succeeds does not count the alarms it wrote as unrecorded",
    callers: 2,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1", "caller_listed caller=c2"]],
      [1000, { store: "fail" }, []],
      [2000, { alarm: [1, 1, 3] }, [`store_error what=incident ${STORE_ERROR}`, "incident_opened caller=c1 incident=1", "incident_not_recorded caller=c1 incident=1", "siren alarm", "no ack"]],
      [3000, { store: "heal" }, []],
      [120_000, { due: true }, ["caller_offline caller=c2"]],
      [122_000, { due: true }, ["caller_offline caller=c1"]],
      [130_000, { button: "acknowledge" }, ["incident_acknowledged caller=c1 incident=1", "send c1 operator_ack 1", "fault_acknowledged offline=2 stuck=0", "siren quiet"]],
    ],
    end: 140_000,
  }),

  // Acknowledged at 2 s; c1 (last heard at 1 s) is offline at 121 s; the link gave up the
  // operator_ack at 180 s. Heard again at 190 s: online, the chirp stops, the ack is sent again.
  freezePolicyTable({
    name: "feedback the link gave up on is sent again when its caller is heard",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [1000, { alarm: [1, 1, 3] }, ["incident_opened caller=c1 incident=1", "siren alarm", "ack"]],
      [2000, { button: "acknowledge" }, ["incident_acknowledged caller=c1 incident=1", "send c1 operator_ack 1", "siren quiet"]],
      [121_000, { due: true }, ["caller_offline caller=c1", "siren fault"]],
      [180_000, { gaveUp: [1, "operator_ack", 1] }, []],
      [190_000, { heard: 1 }, ["caller_online caller=c1", "siren quiet", "send c1 operator_ack 1"]],
    ],
    end: 200_000,
  }),

  // As above, but reset at 185 s overtakes the owed ack, and its resolved is given up too: heard
  // at 190 s, the caller is told only `resolved` (the ack is moot).
  freezePolicyTable({
    name: "an owed acknowledgement overtaken by a reset is replaced by the reset",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [1000, { alarm: [1, 1, 3] }, ["incident_opened caller=c1 incident=1", "siren alarm", "ack"]],
      [2000, { button: "acknowledge" }, ["incident_acknowledged caller=c1 incident=1", "send c1 operator_ack 1", "siren quiet"]],
      [121_000, { due: true }, ["caller_offline caller=c1", "siren fault"]],
      [180_000, { gaveUp: [1, "operator_ack", 1] }, []],
      [185_000, { button: "reset" }, ["incident_resolved caller=c1 incident=1", "send c1 resolved 1"]],
      [186_000, { gaveUp: [1, "resolved", 1] }, []],
      [190_000, { heard: 1 }, ["caller_online caller=c1", "siren quiet", "send c1 resolved 1"]],
    ],
    end: 200_000,
  }),

  // Three incidents, two acknowledged, then a power cut and boot at 5 s: the boot counts 3 open,
  // tells both callers their acknowledgement again and sounds the siren for the third. A copy of
  // c1's alarm 2 is a duplicate. Supervision restarts at the boot: c2 (never heard since) is
  // offline at 125 s, c1 (heard at 6 s) at 126 s; the alarm siren stays.
  freezePolicyTable({
    name: "a power cut at the post keeps its incidents and resumes the siren",
    callers: 2,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1", "caller_listed caller=c2"]],
      [1000, { alarm: [1, 1, 3] }, ["incident_opened caller=c1 incident=1", "siren alarm", "ack"]],
      [2000, { alarm: [2, 1, 4] }, ["incident_opened caller=c2 incident=1", "ack"]],
      [3000, { button: "acknowledge" }, ["incident_acknowledged caller=c1 incident=1", "send c1 operator_ack 1", "incident_acknowledged caller=c2 incident=1", "send c2 operator_ack 1", "siren quiet"]],
      [4000, { alarm: [1, 2, 3] }, ["incident_opened caller=c1 incident=2", "siren alarm", "ack"]],
      [5000, { boot: true }, ["boot open=3", "caller_listed caller=c1", "caller_listed caller=c2", "send c1 operator_ack 1", "send c2 operator_ack 1", "siren alarm"]],
      [6000, { alarm: [1, 2, 3] }, ["ack"]],
      [125_000, { due: true }, ["caller_offline caller=c2"]],
      [126_000, { due: true }, ["caller_offline caller=c1"]],
    ],
    end: 130_000,
  }),

  // c1 never heard: offline at 120 s. A power cut and boot at 130 s remembers it offline and the
  // fault unacknowledged (the chirp resumes at boot); it is not reported offline again.
  freezePolicyTable({
    name: "a caller offline before a power cut is still offline after it, reported once",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [120_000, { due: true }, ["caller_offline caller=c1", "siren fault"]],
      [130_000, { boot: true }, ["boot open=0", "caller_listed caller=c1", "siren fault"]],
    ],
    end: 400_000,
  }),

  // The store fails from 1 s. c1 is never heard: the silence of a caller not heard since the boot
  // is kept from the boot (threshold 0, silence-checkpoint.ts), so a checkpoint is due one period
  // (10 s) after the boot written at 0: it fails (store_error once, not at each retry 10 s
  // later); at 120 s c1 is offline, and remembering it fails too (store_error for the offline
  // record, before the report).
  freezePolicyTable({
    name: "a store that refuses the supervision records is reported once per record",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [1000, { store: "fail" }, []],
      [10_000, { due: true }, [`store_error what=silence checkpoint ${STORE_ERROR}`]],
      [120_000, { due: true }, [`store_error what=offline callers ${STORE_ERROR}`, "caller_offline caller=c1", "siren fault"]],
    ],
    end: 200_000,
  }),

  // Heartbeats: a stuck button is a fault (chirp) until acknowledged, released at the next
  // heartbeat without it; uptime going back is a reboot (with the uptime before it); the
  // link-fault bit is reported when it appears and when it goes.
  freezePolicyTable({
    name: "heartbeats report a stuck button, a caller reboot and a one-way link",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [1000, { heartbeat: [1, 0, 100] }, []],
      [2000, { heartbeat: [1, STUCK, 101] }, ["caller_button_stuck caller=c1", "siren fault"]],
      [3000, { button: "acknowledge" }, ["fault_acknowledged offline=0 stuck=1", "siren quiet"]],
      [4000, { heartbeat: [1, 0, 103] }, ["caller_button_released caller=c1"]],
      [5000, { heartbeat: [1, LINK_FAULT, 5] }, ["caller_rebooted caller=c1 uptime_s=103", "caller_link_fault caller=c1"]],
      [6000, { heartbeat: [1, 0, 6] }, ["caller_link_ok caller=c1"]],
    ],
    end: 100_000,
  }),

  // The console's siren test plays to its end: an acknowledge meanwhile changes nothing audible
  // until the test ends, then the siren follows the state (quiet).
  freezePolicyTable({
    name: "the siren test plays through an acknowledge, then the siren follows the state",
    callers: 1,
    rows: [
      [0, { boot: true }, ["boot open=0", "caller_listed caller=c1"]],
      [1000, { alarm: [1, 1, 3] }, ["incident_opened caller=c1 incident=1", "siren alarm", "ack"]],
      [2000, { sirenTest: "start" }, ["siren_test", "siren test"]],
      [2500, { button: "acknowledge" }, ["incident_acknowledged caller=c1 incident=1", "send c1 operator_ack 1"]],
      [3000, { sirenTest: "end" }, ["siren quiet"]],
    ],
    end: 10_000,
  }),
];
