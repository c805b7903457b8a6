/**
 * Claim (issue 14): an officer changes, the installer runs `bell provision escalation …`: the
 * registry keeps the new duty list (checked as at `init`), the post's receiver, and only it,
 * becomes "stale" and the next step is to provision it again; its new identity carries the new
 * list. `--off` takes escalation away. A refused list leaves the registry as it was.
 */
import test from "ava";
import { identityEntries } from "../../firmware/stack/identity-writer.ts";
import { expectedChecksum, identityFor, nextSteps } from "../../tools/provision/plan.ts";
import { addCaller, newRegistry, setEscalation, type Registry } from "../../tools/provision/registry.ts";

const OLD = { duty: [{ phone: "+84901000001", name: "Đ/c An" }] };
const NEW = { duty: [{ phone: "+84901000009", name: "Đ/c Dũng" }], escalate_after_ms: 60_000 };

/** A post whose two boards hold exactly what the registry gives them. */
function provisionedPost(): Registry {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverMac: "24:0a:c4:00:00:01", receiverEscalation: OLD });
  addCaller(r, { id: "clinic", name: "Trạm y tế", mac: "24:0a:c4:00:00:02" }, () => new Uint8Array(16).fill(3));
  for (const d of r.devices) d.provisioned = { identityCrc32: expectedChecksum(r, d)!, mac: d.mac!, at: "2026-12-01T00:00:00.000Z" };
  return r;
}

test("a new duty list makes the receiver, and only it, the next step; its identity carries the list", (t) => {
  const r = provisionedPost();
  t.deepEqual(nextSteps(r), [], "all current before");
  setEscalation(r, NEW);
  t.deepEqual(nextSteps(r).map((s) => s.device.id), ["post"]);
  const plan = identityFor(r, r.devices[0]!);
  if (!plan.ready) return t.fail("receiver identity not ready");
  const entries = new Map(identityEntries(plan.identity));
  t.is(entries.get("duty"), 1);
  t.is(entries.get("d0.phone"), "+84901000009");
  t.is(entries.get("d0.name"), "Đ/c Dũng");
  t.is(entries.get("escal"), '{"escalate_after_ms":60000}');
});

test("--off takes escalation away: the receiver's identity has no duty keys", (t) => {
  const r = provisionedPost();
  setEscalation(r, undefined);
  t.is(r.devices[0]!.escalation, undefined);
  const plan = identityFor(r, r.devices[0]!);
  if (!plan.ready) return t.fail("receiver identity not ready");
  t.false(identityEntries(plan.identity).some(([k]) => k === "duty" || k.startsWith("d0.") || k === "escal"));
  t.deepEqual(nextSteps(r).map((s) => s.device.id), ["post"]);
});

test("a refused duty list names the field and leaves the registry unchanged", (t) => {
  const r = provisionedPost();
  const err = t.throws(() => setEscalation(r, { duty: [{ phone: "0901000009", name: "Đ/c Dũng" }] }));
  t.regex(err!.message, /--escalation\.duty\[0\]\.phone: must be a phone number in E\.164 form.*E_REGISTRY/);
  t.deepEqual(r.devices[0]!.escalation, OLD);
  t.deepEqual(nextSteps(r), []);
});
