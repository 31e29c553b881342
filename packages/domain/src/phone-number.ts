import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalises a phone number as a citizen or agent types it ("0532 123 45 67",
 * "+90 532 1234567", "5321234567") to E.164. Turkey is the default region; foreign
 * numbers are accepted with their country code. Returns undefined if the number
 * cannot exist according to libphonenumber's full metadata.
 */
export function normalisePhoneNumber(input: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), 'TR');
  return parsed?.isValid() ? parsed.number : undefined;
}
