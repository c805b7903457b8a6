/**
 * Claim (issue 14 leftover; `ReceiverPolicy.escalationSetup`, `firmware/core/escalation/unavailable.ts`):
 * every combination of what a post has at boot — a duty list or not, no modem UART, a UART on
 * which no module ever answers AT, or one whose module answers (`modemAnswered`), a corrupt
 * stored list or not — gives exactly one `escalation_off` with its reason or nothing, and the
 * fault chirp exactly when someone must fix it (a module that answers without a list, a corrupt
 * list), never for a post built without a modem (no UART, or a UART nothing answers on: field
 * finding 2, test/field/escalation-off/README.md; before that fix a UART alone was "a modem"),
 * nor for one that can escalate or was never meant to.
 * A chirp is quieted by acknowledge like any fault (`fault_acknowledged`), with or without an
 * alarm open at the same time (the alarm's siren comes first and is acknowledged with it).
 */
import test from "ava";
import { bootPost, FaultyStore, render, worldCallers } from "../../bench/harness/receiver-policy-world.ts";

const FAULT = { key: "d1.phone", reason: "must be a phone number in E.164 form" };

for (const list of ["none", "valid", "corrupt"] as const) {
  for (const uart of ["none", "silent", "answers"] as const) {
    for (const alarmOpen of [false, true]) {
      const dutyList = list === "valid";
      const corrupt = list === "corrupt";
      const modem = uart !== "none";
      const setup = { dutyList, modem, ...(corrupt ? { fault: FAULT } : {}) };
      const why = corrupt ? "bad_setting" : !dutyList && uart === "answers" ? "no_duty_list" : dutyList && !modem ? "no_modem" : undefined;
      const chirps = why === "bad_setting" || why === "no_duty_list";
      const label = `${corrupt ? "corrupt list" : dutyList ? "duty list" : "no list"}, ${uart === "none" ? "no modem" : uart === "silent" ? "a modem UART nothing answers on" : "modem"}${alarmOpen ? ", an alarm open" : ""}`;
      test(`${label}: ${why ?? "nothing said"}${chirps ? ", fault chirp until acknowledged" : ""}`, (t) => {
        const { policy } = bootPost(new FaultyStore(), worldCallers(2), 0);
        if (alarmOpen) {
          policy.heard(1, 10);
          policy.message(1, { kind: "alarm", incident: 1 }, 10);
        }
        const outputs = policy.escalationSetup(setup);
        // the modem probe runs only where the escalation does not use the UART (no duty list)
        if (uart === "answers" && !dutyList) outputs.push(...policy.modemAnswered(), ...policy.modemAnswered());
        const lines = outputs.map((o) => render(o)).filter((l) => l !== undefined);
        const said = lines.filter((l) => l.startsWith("escalation_off"));
        t.deepEqual(said, why === undefined ? [] : [`escalation_off why=${why}${corrupt ? ` key=${FAULT.key} reason=${FAULT.reason}` : ""}`]);
        t.is(policy.faultUnacknowledged, chirps);
        // with an alarm open the siren stays on the alarm; otherwise it turns to the fault chirp
        t.deepEqual(lines.filter((l) => l.startsWith("siren")), chirps && !alarmOpen ? ["siren fault"] : []);
        const ack = policy.operator("acknowledge").map((o) => render(o)).filter((l) => l !== undefined);
        t.is(ack.some((l) => l.startsWith("fault_acknowledged")), chirps);
        t.false(policy.faultUnacknowledged);
        t.is(policy.status().siren, "quiet");
      });
    }
  }
}
