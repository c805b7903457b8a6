/**
 * `+CMS ERROR: <err>` codes in words: the common ones a post meets when an SMS is refused.
 * Sources: 3GPP TS 27.005 §3.2.5 (300…500: the module and the SIM), and the network's causes it
 * passes on, 3GPP TS 24.011 §8.2.5.4 (RP-cause, 1…127). A module with `AT+CMEE=2` may answer in
 * words already (`+CMS ERROR: Unknown error`): those are kept as they are.
 */
export const CMS_ERRORS: Readonly<Record<number, string>> = Object.freeze({
  1: "unassigned number",
  8: "operator determined barring",
  10: "call barred",
  21: "short message transfer rejected",
  27: "destination out of service",
  28: "unidentified subscriber",
  29: "facility rejected",
  30: "unknown subscriber",
  38: "network out of order",
  41: "temporary failure",
  42: "congestion",
  47: "resources unavailable",
  50: "requested facility not subscribed",
  69: "requested facility not implemented",
  300: "ME failure",
  301: "SMS service of ME reserved",
  302: "operation not allowed",
  303: "operation not supported",
  304: "invalid PDU mode parameter",
  310: "SIM not inserted",
  311: "SIM PIN required",
  313: "SIM failure",
  320: "memory failure",
  322: "memory full",
  330: "SMSC address unknown",
  331: "no network service",
  332: "network timeout",
  500: "unknown error",
});

/** `detail` of a `+CMS ERROR` with its words added when it is a known number: `500` → `500 (unknown error)`; anything else as it is. */
export function cmsErrorWords(detail: string): string {
  if (!/^\d{1,3}$/.test(detail)) return detail;
  const w = CMS_ERRORS[Number(detail)];
  return w === undefined ? detail : `${detail} (${w})`;
}
