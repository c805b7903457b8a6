/**
 * Preference entries of a provisioned caller and receiver in the `bell-id` domain, as
 * `bell provision` writes them (docs/deploying.md §Provisioning). Test data only.
 */
export const CALLER_KEY = new Uint8Array(16).map((_, i) => i + 1);

export function callerIdentityEntries(): Record<string, string | number | ArrayBuffer> {
  return {
    role: "caller",
    id: "clinic",
    name: "Trạm y tế",
    node: 0x1001,
    chan: 6,
    key: CALLER_KEY.slice().buffer,
    "rx.id": "post",
    "rx.node": -1, // u32 0xffffffff stored as i32
    "rx.mac": "24:0A:C4:AA:BB:CC",
    "rx.name": "Công an xã",
    settings: JSON.stringify({ debounce_ms: 40 }),
  };
}

export function receiverIdentityEntries(callers: number): Record<string, string | number | ArrayBuffer> {
  const entries: Record<string, string | number | ArrayBuffer> = {
    role: "receiver",
    id: "post",
    name: "Công an xã",
    node: 1,
    chan: 11,
    callers,
  };
  for (let i = 0; i < callers; i++) {
    entries[`c${i}.id`] = `caller${i}`;
    entries[`c${i}.node`] = 100 + i;
    entries[`c${i}.mac`] = `24:0a:c4:00:01:${(i + 16).toString(16)}`;
    entries[`c${i}.name`] = `Place ${i}`;
    entries[`c${i}.key`] = new Uint8Array(16).fill(i + 1).buffer;
  }
  return entries;
}
