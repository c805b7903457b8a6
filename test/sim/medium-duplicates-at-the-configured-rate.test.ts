import test from "ava";
import { air, binomialBand } from "./support/air.ts";

test("a delivered frame arrives twice with probability `duplicate`, the copy one latency later", (t) => {
  const N = 20_000;
  const p = 0.1;
  const latencyMs: [number, number] = [1, 4];
  const a = air({ duplicate: p, latencyMs });
  for (let n = 0; n < N; n++) a.sendAt(n * 20_000, n);
  a.queue.runUntil(N * 20_000 + 1_000_000);
  const arrivals = new Map<number, number[]>();
  for (const r of a.received) arrivals.set(r.n, [...(arrivals.get(r.n) ?? []), r.atUs]);
  const twice = [...arrivals.values()].filter((x) => x.length === 2);
  t.is(arrivals.size, N, "no frame is lost");
  t.true([...arrivals.values()].every((x) => x.length <= 2), "never more than one copy");
  t.true(Math.abs(twice.length - N * p) <= binomialBand(N, p), `${twice.length} duplicated, expected ${N * p}`);
  t.is(a.medium.stats.duplicated, twice.length);
  t.true(twice.every(([first, second]) => second! - first! >= latencyMs[0] * 1000 && second! - first! <= latencyMs[1] * 1000));
});
