import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A caller number as E.164 (+4520123456), or null when it cannot be one. Telephony systems send
 * numbers in national form (020 7946 0958) as often as international; the default country reads
 * those. A leading 00 is the international prefix most of the world dials.
 */
export function toE164(raw: string, defaultCountry?: string): string | null {
  const value = raw.trim().replace(/^00/, '+');
  if (!/\d/.test(value)) return null;
  const phone = parsePhoneNumberFromString(value, defaultCountry as CountryCode | undefined);
  return phone?.isValid() ? phone.number : null;
}
