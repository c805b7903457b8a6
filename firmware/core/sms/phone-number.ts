/**
 * Phone numbers in E.164 form (ITU-T E.164: `+`, a country code, at most 15 digits in all, no
 * leading 0 after the `+`), as the duty list holds them and as SMS PDUs carry them.
 *
 * Vietnam's numbers are `+84` followed by 9 digits (mobile prefixes 3, 5, 7, 8, 9; e.g.
 * `+84901234567`): the duty list takes any valid E.164 number, and `isVietnamMobile` says
 * whether one is a Vietnamese mobile, for the installer's warning.
 */

/** The longest E.164 number, digits (ITU-T E.164 §6.1). */
export const E164_MAX_DIGITS = 15;

const E164 = /^\+[1-9][0-9]{6,14}$/;
const VIETNAM_MOBILE = /^\+84[35789][0-9]{8}$/;

/** Whether `value` is an E.164 number: `+`, then 7…15 digits, the first not 0. */
export function isE164(value: unknown): value is string {
  return typeof value === "string" && E164.test(value);
}

/** Whether `value` is a Vietnamese mobile number in E.164 form (`+84` then 9 digits, 3/5/7/8/9 first). */
export function isVietnamMobile(value: unknown): boolean {
  return typeof value === "string" && VIETNAM_MOBILE.test(value);
}

/** How a number written after `+84` fails to be a Vietnamese mobile (`vietnamMobileMistake`). */
export type VietnamMobileMistake = "trunk_zero" | "too_short" | "too_long" | "not_mobile";

/**
 * What is wrong with a number that starts `+84` but is not a Vietnamese mobile, or undefined for
 * a Vietnamese mobile and for any number outside +84 (field finding 1 of "the post cannot
 * escalate", test/field/escalation-off/README.md: the ways installers mistype duty numbers, all
 * valid E.164): `trunk_zero` the national 0 kept after +84 (`+84090…`: the 0 is dialled only
 * without +84); `too_short` / `too_long` a mobile prefix (3, 5, 7, 8, 9) with fewer or more than
 * 9 digits after +84 (Vietnam's mobile numbers have 9 since the 2018 renumbering); `not_mobile`
 * anything else after +84 (a landline, which cannot receive the SMS).
 */
export function vietnamMobileMistake(value: string): VietnamMobileMistake | undefined {
  if (!value.startsWith("+84") || isVietnamMobile(value)) return undefined;
  const rest = value.slice(3);
  if (rest.startsWith("0")) return "trunk_zero";
  if (/^[35789][0-9]*$/.test(rest)) return rest.length < 9 ? "too_short" : rest.length > 9 ? "too_long" : undefined;
  return "not_mobile";
}

/**
 * `value` if it is E.164.
 * @param field the name of the field, for the error.
 * @throws TypeError when it is not a string; RangeError naming `field` when it is not E.164
 *   (e.g. `0901234567`: write it `+84901234567`).
 */
export function checkE164(value: unknown, field: string): string {
  if (typeof value !== "string") throw new TypeError(`${field} must be a phone number string in E.164 form (e.g. "+84901234567"), got ${typeof value}`);
  if (!E164.test(value)) {
    const hint = /^0[0-9]{9}$/.test(value) ? `; a Vietnamese number 0xxxxxxxxx is written "+84${value.slice(1)}"` : "";
    throw new RangeError(`${field} must be a phone number in E.164 form, "+" then 7…15 digits (e.g. "+84901234567"), got "${value}"${hint}`);
  }
  return value;
}
