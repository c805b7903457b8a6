import test from "ava";
import { deployment, simulate } from "./support/simulate.ts";

test("a receiver reboot mid-incident keeps the incident and resumes the siren; acknowledge still works", (t) => {
  const run = simulate({
    duration_ms: 30_000,
    seed: 6,
    devices: deployment(1),
    inputs: [
      { at_ms: 1000, device: "c1", press_ms: 300 },
      { at_ms: 4000, device: "post", power: "off" },
      { at_ms: 6000, device: "post", power: "on" },
      { at_ms: 9000, device: "post", button: "acknowledge" },
      { at_ms: 12000, device: "post", button: "reset" },
    ],
  });
  t.is(run.count("incident_opened"), 1, "the incident is not opened again after the reboot");
  const boots = run.of("boot", "post");
  t.is(boots.length, 2);
  t.is(boots[1].open, 1, "the open incident survived");
  const sirenAfterBoot = run.of("siren", "post").filter((e) => e.t >= 6000);
  t.deepEqual(sirenAfterBoot.map((e) => [e.pattern, e.on]), [["alarm", true], ["quiet", false]]);
  t.is(run.count("incident_acknowledged"), 1);
  t.is(run.count("alarm_acknowledged", "c1"), 1);
  t.is(run.count("incident_resolved"), 1);
  const post = run.devices.find((d) => d.id === "post")!;
  const siren = post.outputs.siren ?? [];
  const during = siren.filter((c) => c.atUs >= 6_000_000 && c.atUs < 9_000_000);
  t.true(during.some((c) => c.level === 1), "the siren pin really sounds again after the reboot");
});

test("an alarm sent while the receiver is off is delivered once it is back", (t) => {
  const run = simulate({
    duration_ms: 30_000,
    seed: 7,
    devices: deployment(1),
    inputs: [
      { at_ms: 1000, device: "post", power: "off" },
      { at_ms: 2000, device: "c1", press_ms: 300 },
      { at_ms: 10_000, device: "post", power: "on" },
    ],
  });
  t.is(run.count("incident_opened"), 1);
  t.true((run.of("incident_opened")[0].t as number) >= 10_000);
  t.true((run.of("incident_opened")[0].t as number) < 15_000, "within one backoff cap of the post's return");
  t.is(run.count("alarm_delivered"), 1);
});
