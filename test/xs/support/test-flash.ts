/**
 * Where the XS engine's tests put what the identity layout does not carry yet (the receiver's duty
 * list and modem vendor), for `receiver-main-with-duty-list-in-test-flash.ts`: a Preference domain
 * and its keys (`escalation`: JSON text of `escalationSettingsJson`; `modem`: the vendor).
 */
export const TEST_FLASH = { domain: "bell-test", escalation: "escalation", modem: "modem" } as const;
