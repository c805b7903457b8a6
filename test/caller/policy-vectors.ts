/**
 * Caller-policy vectors: rows of (ms after boot, input, outputs in order), replayed by
 * `policy-harness.ts`. Each expectation is derived in the comment above its table from the rules
 * in `firmware/core/policy/caller.ts` (what an input does), `caller-led.ts` (the LED, most
 * urgent first), `caller-alarm-memory.ts` (numbers, nonces, writes) and the link monitor
 * (`firmware/core/supervision/link-monitor.ts`: a fault when the unanswered heartbeat
 * transmissions reach `attemptsToFault`, judged before each transmission and at a give-up; ok at
 * the next ack). The harness's random source makes this boot's nonce 0x80000000 (rendered
 * without `boot=`) and every heartbeat period exactly `heartbeatMs`.
 */
import type { PolicyTable } from "./policy-harness.ts";

const BOOT_IDLE = ['boot role="caller" pending=0', "→ heartbeat status=0", "led idle"];

export const POLICY_VECTORS: readonly PolicyTable[] = [
  // The two-stage feedback (alarm-field-facts §1.1): fast blink while sending, steady once the
  // post acked (latency from the press, 40 ms), slow pulse once an officer acknowledged, off when
  // resolved. Heartbeats carry `alarmPending` (1) only while an alarm waits: none at 30 s.
  {
    name: "one press: sending, delivered, acknowledged, resolved",
    heartbeatMs: 30_000,
    rows: [
      [0, "boot", BOOT_IDLE],
      [1000, "press", ["press incident=1", "→ alarm 1", "led sending"]],
      [1000, ["tx", "alarm 1", 1], ["alarm_tx incident=1 attempt=1"]],
      [1040, "heard", []],
      [1040, ["delivered", "alarm 1", 1000], ["alarm_delivered incident=1 latency_ms=40", "led delivered"]],
      [5000, "heard", []],
      [5000, ["ack", 1], ["alarm_acknowledged incident=1", "led acknowledged"]],
      [20_000, ["resolved", 1], ["alarm_resolved incident=1", "led idle"]],
      [30_000, "due", ["→ heartbeat status=0"]],
      [45_000, "press", ["press incident=2", "→ alarm 2", "led sending"]],
    ],
    storePendingAfter: [2],
  },

  // Two presses in flight: the LED tells the newest alarm's story. Alarm 1 delivered while 2
  // waits: still sending. 2 delivered: steady. The officer's ack of the older alarm 1 changes
  // nothing shown; the ack of 2 does; a repeated ack is no new event. Resolving 1 leaves 2
  // acknowledged; resolving 2 turns the LED off.
  {
    name: "a second press while the first is in flight",
    heartbeatMs: 30_000,
    rows: [
      [0, "boot", BOOT_IDLE],
      [1000, "press", ["press incident=1", "→ alarm 1", "led sending"]],
      [1500, "press", ["press incident=2", "→ alarm 2", "led sending"]],
      [1600, ["delivered", "alarm 1", 1000], ["alarm_delivered incident=1 latency_ms=600", "led sending"]],
      [1700, ["delivered", "alarm 2", 1500], ["alarm_delivered incident=2 latency_ms=200", "led delivered"]],
      [2000, ["ack", 1], ["alarm_acknowledged incident=1", "led delivered"]],
      [2500, ["ack", 2], ["alarm_acknowledged incident=2", "led acknowledged"]],
      [2600, ["ack", 2], ["led acknowledged"]],
      [3000, ["resolved", 1], ["alarm_resolved incident=1", "led acknowledged"]],
      [4000, ["resolved", 2], ["alarm_resolved incident=2", "led idle"]],
    ],
    storePendingAfter: [],
  },

  // A reboot during retransmission: the two alarms an earlier life raised (nonce 7) are sent
  // again at boot, before the heartbeat (which says alarmPending), unchanged. Their deliveries
  // carry no press time in RAM, so latency runs from the first transmission after boot and they
  // are marked `resent_after_boot`. A new press takes the next number, 3, under this boot's nonce.
  {
    name: "alarms the store held at boot are sent again at once, under the nonce they were raised with",
    heartbeatMs: 30_000,
    held: 2,
    rows: [
      [0, "boot", ['boot role="caller" pending=2', "→ alarm 1 boot=7", "→ alarm 2 boot=7", "→ heartbeat status=1", "led sending"]],
      [0, ["tx", "alarm 1", 1], ["alarm_tx incident=1 attempt=1"]],
      [300, ["delivered", "alarm 1", 0], ["alarm_delivered incident=1 latency_ms=300 resent_after_boot=true", "led sending"]],
      [400, "press", ["press incident=3", "→ alarm 3", "led sending"]],
      [500, ["delivered", "alarm 2", 0], ["alarm_delivered incident=2 latency_ms=500 resent_after_boot=true", "led sending"]],
      [700, ["delivered", "alarm 3", 400], ["alarm_delivered incident=3 latency_ms=300", "led delivered"]],
    ],
    storePendingAfter: [],
  },

  // A stuck button is reported once and shown (triple blink), and heartbeats carry stuckButton
  // (2) until it clears. An alarm in flight outranks it; once resolved, stuck shows again.
  {
    name: "a stuck button: reported, shown, carried in heartbeats, outranked by an alarm, cleared",
    heartbeatMs: 30_000,
    rows: [
      [0, "boot", BOOT_IDLE],
      [2000, "stuck", ["button_stuck", "led stuck"]],
      [30_000, "due", ["→ heartbeat status=2"]],
      [40_000, "stuck_cleared", ["button_released", "led idle"]],
      [60_000, "due", ["→ heartbeat status=0"]],
      [61_000, "press", ["press incident=1", "→ alarm 1", "led sending"]],
      [62_000, "stuck", ["button_stuck", "led sending"]],
      [62_500, ["delivered", "alarm 1", 61_000], ["alarm_delivered incident=1 latency_ms=1500", "led delivered"]],
      [63_000, ["resolved", 1], ["alarm_resolved incident=1", "led stuck"]],
    ],
  },

  // attemptsToFault 3: transmissions 1–3 of the boot heartbeat are judged before counting
  // (0, 1, 2 unanswered: no fault); a superseded give-up is not judged; the give-up after its
  // attempts is (3 unanswered: fault). An alarm pressed during the fault shows the link fault
  // (phone the police), and the heartbeat says alarmPending | linkFault (5). The next heartbeat
  // ack ends the fault (deliveriesToRecover 1): the alarm's fast blink returns.
  {
    name: "link fault after unanswered heartbeats, shown over an alarm in flight, ok at the next ack",
    heartbeatMs: 30_000,
    monitor: { attemptsToFault: 3 },
    rows: [
      [0, "boot", BOOT_IDLE],
      [0, ["tx", "heartbeat", 1], []],
      [2000, ["tx", "heartbeat", 2], []],
      [6000, ["tx", "heartbeat", 3], []],
      [10_000, ["gave_up", "heartbeat", "superseded"], []],
      [14_000, ["gave_up", "heartbeat", "attempts"], ["link_fault", "led link_fault"]],
      [15_000, "press", ["press incident=1", "→ alarm 1", "led link_fault"]],
      [15_000, ["tx", "alarm 1", 1], ["alarm_tx incident=1 attempt=1"]],
      [30_000, "due", ["→ heartbeat status=5"]],
      [30_100, ["tx", "heartbeat", 1], []],
      [30_150, "heard", []],
      [30_150, ["delivered", "heartbeat", 30_100], ["link_ok", "led sending"]],
      [31_000, ["delivered", "alarm 1", 15_000], ["alarm_delivered incident=1 latency_ms=16000", "led delivered"]],
    ],
  },

  // A failing flash: the press is still sent; the failure is reported once (the first write of a
  // press is the number, inc_next); a second press while it fails reports nothing new. The
  // heartbeat after the flash recovers writes it all again (no event). A delivery while it fails
  // again writes only the pending list (inc_pend), reported once more; flash keeps alarm 1 until
  // the next heartbeat (in the quiet tail) writes the list again.
  {
    name: "a failing store: presses still sent, failure reported once, memory written again at the next heartbeat",
    heartbeatMs: 30_000,
    rows: [
      [0, "boot", BOOT_IDLE],
      [500, ["store", "fails"], []],
      [1000, "press", ['store_error what="incident number" error="flash write failed for \\"inc_next\\""', "press incident=1", "→ alarm 1", "led sending"]],
      [2000, "press", ["press incident=2", "→ alarm 2", "led sending"]],
      [5000, ["store", "works"], []],
      [30_000, "due", ["→ heartbeat status=1"]],
      [31_000, "press", ["press incident=3", "→ alarm 3", "led sending"]],
      [32_000, ["store", "fails"], []],
      [33_000, ["delivered", "alarm 1", 1000], ['store_error what="pending alarm" error="flash write failed for \\"inc_pend\\""', "alarm_delivered incident=1 latency_ms=32000", "led sending"]],
      [34_000, ["store", "works"], []],
    ],
    storePendingAfter: [2, 3],
  },

  // The last incident number (2^31 − 1, signed 32-bit Preference integers) is handed out, but
  // the next number cannot be stored: reported, and the alarm still goes. The press after that
  // finds the numbers exhausted: reported again, and sent with a RAM-only number.
  {
    name: "incident numbers exhausted: the press still reaches the post",
    heartbeatMs: 30_000,
    storeAtBoot: { inc_next: 0x7fff_ffff },
    rows: [
      [0, "boot", BOOT_IDLE],
      [1000, "press", ['store_error what="incident number" error="store \\"inc_next\\": 2147483648 is not a signed 32-bit integer"', "press incident=2147483647", "→ alarm 2147483647", "led sending"]],
      [2000, "press", ['store_error what="incident number" error="incident numbers exhausted"', "press incident=2147483648", "→ alarm 2147483648", "led sending"]],
    ],
  },

  // The shortest heartbeat period (1 s, config `heartbeat_ms`): a heartbeat every second, the
  // uptime counted through the tick wrap (checked on every heartbeat by the harness).
  {
    name: "1 s heartbeats around a press",
    heartbeatMs: 1000,
    rows: [
      [0, "boot", BOOT_IDLE],
      [1000, "due", ["→ heartbeat status=0"]],
      [1500, "press", ["press incident=1", "→ alarm 1", "led sending"]],
      [2000, "due", ["→ heartbeat status=1"]],
      [2300, ["delivered", "alarm 1", 1500], ["alarm_delivered incident=1 latency_ms=800", "led delivered"]],
      [3000, "due", ["→ heartbeat status=0"]],
      [3500, ["ack", 1], ["alarm_acknowledged incident=1", "led acknowledged"]],
    ],
  },
];
