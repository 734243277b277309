import { parsePhoneNumberFromString as parseMobile } from 'libphonenumber-js/mobile';
import { parsePhoneNumberFromString as parseAnyPhone } from 'libphonenumber-js/max';

/**
 * A mobile number as typed ("06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "+262 692…")
 * → E.164, or undefined when it is not a valid mobile number. National numbers are French.
 * The `mobile` metadata of libphonenumber-js accepts only numbers that can receive an SMS.
 */
export function toMobileE164(value: string): string | undefined {
  return toE164(value, parseMobile);
}

/** Any French or international phone number (landline or mobile) → E.164, or undefined when it is not valid. */
export function toPhoneE164(value: string): string | undefined {
  return toE164(value, parseAnyPhone);
}

function toE164(value: string, parse: typeof parseAnyPhone): string | undefined {
  const input = value.trim().replace(/^00/, '+');
  if (input.length > 30) return undefined;
  const phone = parse(input, 'FR');
  return phone?.isValid() ? phone.number : undefined;
}
