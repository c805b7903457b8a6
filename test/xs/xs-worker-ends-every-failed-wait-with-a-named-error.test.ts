/**
 * Claim: a synchronous request to an XS worker never hangs and never fails silently — a worker
 * that does not answer in time is killed (E_XS_TIMEOUT), a runaway computation stops at the
 * metering limit (E_XS_DIED, "too much computation"), a query handler that calls back into the
 * same worker is refused (E_XS_PROTOCOL), and an exception thrown in XS is an `XsError` after
 * which the worker still answers. No worker process outlives its failure.
 */
import test from "ava";
import { XsError, XsWorker, XsWorkerError } from "../../tools/xs/worker.ts";
import { xsnapChildren } from "./support/xsnap-children.ts";

const RUNAWAY = "for (;;) {}";
const encoder = new TextEncoder();

test.serial("a worker that does not answer in time is killed", async (t) => {
  const worker = new XsWorker({ name: "stuck", replyTimeoutMs: 300, meteringLimit: 2_000_000_000 });
  const err = t.throws(() => worker.evaluate(RUNAWAY), { instanceOf: XsWorkerError });
  t.is(err?.id, "E_XS_TIMEOUT");
  t.regex(err?.message ?? "", /stuck \(pid \d+\): no answer within 300 ms: killed/);
  t.true(worker.closed);
  t.is(await worker.exited, null); // killed by a signal
});

test.serial("a runaway computation stops at the metering limit", async (t) => {
  const worker = new XsWorker({ name: "runaway", meteringLimit: 1_000_000 });
  const err = t.throws(() => worker.evaluate(RUNAWAY), { instanceOf: XsWorkerError });
  t.is(err?.id, "E_XS_DIED");
  t.regex(err?.message ?? "", /exit status 17 \(too much computation/);
  t.is(await worker.exited, 17);
});

test.serial("a query handler that re-enters the same worker is refused", async (t) => {
  const worker = new XsWorker({ name: "reentrant" });
  worker.handleQuery = () => worker.evaluate("1").reply;
  const err = t.throws(() => worker.evaluate("issueCommand(new ArrayBuffer(1))"), { instanceOf: XsWorkerError });
  t.is(err?.id, "E_XS_PROTOCOL");
  t.regex(err?.message ?? "", /re-entrant/);
  worker.kill();
  await worker.exited;
});

test.serial("an exception in XS is an XsError, and the worker goes on", async (t) => {
  const worker = new XsWorker({ name: "thrower" });
  const err = t.throws(() => worker.evaluate('throw new RangeError("boom")'), { instanceOf: XsError });
  t.regex(err?.message ?? "", /thrower: XS threw: RangeError: boom/);
  worker.evaluate("globalThis.handleCommand = (b) => { const n = new Uint8Array(b); return Uint8Array.of(n[0] + 1).buffer; }");
  t.deepEqual([...worker.command(encoder.encode("A")).reply], [0x42]);
  worker.close();
  t.is(await worker.exited, 0); // the last request succeeded: a clean exit
});

test.serial("no worker process is left", (t) => {
  t.deepEqual(xsnapChildren(), []);
});
