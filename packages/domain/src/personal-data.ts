import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import * as z from 'zod';
import type { PiiAccessLevel } from './authorization.ts';
import type { Case, CaseLocation, ClosingEvidence } from './case.ts';
import type { CaseEvent } from './case-event.ts';
import type { CitizenContact } from './citizen-contact.ts';

/*
 * Masking and validation of citizens' personal data (KVKK, docs/security.md). Masks
 * keep just enough to recognise a record on the phone ("is your number the one ending
 * in 67?") and nothing that identifies a person on its own.
 */

const STARS = '***';

/** The first character (code point, NFC) of a string, so that "Ş" is not split. */
function firstChar(value: string): string {
  return Array.from(value.normalize('NFC'))[0] ?? '';
}

/**
 * Masks a phone number, keeping the country code and the last two digits. Turkish
 * numbers keep the first digit of the national number too (5 = mobile, 2–4 =
 * landline) and use the 3-3-2-2 grouping: `+905321234567` → `+90 5** *** ** 67`.
 * Other countries: `+4915112345678` → `+49 ********* 78`. Input that is not a valid
 * phone number keeps at most its last two digits (`*** 56`); fewer than six digits keep
 * none.
 */
export function maskPhone(phone: string): string {
  const input = phone.trim();
  if (input === '') return '';
  const parsed = parsePhoneNumberFromString(input, 'TR');
  // Only a number of a possible length gets the friendly form: for anything else the "country
  // code" and first digit would be guesses that reveal more of the input.
  if (parsed?.isPossible()) {
    const national: string = parsed.nationalNumber;
    const last2 = national.slice(-2);
    if (parsed.countryCallingCode === '90' && national.length === 10) {
      return `+90 ${national[0]}** *** ** ${last2}`;
    }
    if (national.length >= 4) {
      return `+${parsed.countryCallingCode} ${'*'.repeat(national.length - 2)} ${last2}`;
    }
  }
  const digits = input.replace(/\D/g, '');
  return digits.length >= 6 ? `${STARS} ${digits.slice(-2)}` : STARS;
}

/**
 * Masks an e-mail address to the first character of the local part and of the domain,
 * and the top-level domain: `ayse.yilmaz@gmail.com` → `a***@g***.com`. Anything that
 * is not an address becomes `***`.
 */
export function maskEmail(email: string): string {
  const input = email.trim();
  if (input === '') return '';
  const at = input.lastIndexOf('@');
  const local = input.slice(0, at);
  const domain = input.slice(at + 1);
  if (at <= 0 || domain === '') return STARS;
  const labels = domain.split('.').filter(Boolean);
  const tld = labels.length >= 2 ? `.${labels.at(-1)}` : '';
  return `${firstChar(local)}${STARS}@${firstChar(labels[0] ?? domain)}${STARS}${tld}`;
}

/**
 * Masks a person's name to the initial of each word, upper-cased by Turkish rules
 * (`ilker ışık` → `İ*** I***`): `Ayşe Yılmaz` → `A*** Y***`.
 */
export function maskName(name: string): string {
  return name
    .normalize('NFC')
    .split(/\s+/u)
    .filter(Boolean)
    .map((word) => `${firstChar(word).toLocaleUpperCase('tr')}${STARS}`)
    .join(' ');
}

/** A neighbourhood suffix as people write it: Mahallesi, Mah., Mh. */
const NEIGHBOURHOOD_SUFFIX = /^(?:mahalles[iİı]|mah\.?|mh\.?),?$/iu;
/** Words of the street, building or door part of an address (Cad., Sok., No:12, Kat, Daire…). */
const STREET_WORDS = new Set([
  'cad',
  'cd',
  'cadde',
  'caddesi',
  'sok',
  'sk',
  'sokak',
  'sokağı',
  'bulvar',
  'bulvarı',
  'blv',
  'bul',
  'no',
  'numara',
  'kat',
  'daire',
  'd',
  'k',
  'apt',
  'apartmanı',
  'site',
  'sitesi',
  'blok',
]);

function isStreetOrDoor(word: string): boolean {
  return STREET_WORDS.has(word.toLocaleLowerCase('tr').replace(/[.,;]+$/u, '')) || /[\d:]/u.test(word);
}

function withSuffix(neighbourhood: string): string {
  const name = neighbourhood.trim();
  return /\s(?:mahalles[iİı]|mah\.?|mh\.?)$/iu.test(name) ? name : `${name} Mah.`;
}

/**
 * Reduces an address to its neighbourhood (mahalle), dropping street, building and
 * door number: `Atatürk Cad. No:12 D:3, Hisariçi Mah., Karesi` → `Hisariçi Mah.`.
 * The neighbourhood routing recorded wins; otherwise it is read from the address
 * ("… Mahallesi", "… Mah."). Returns undefined when no neighbourhood can be told
 * apart from the street: then nothing of the address is safe to show.
 */
export function maskAddress(address: string | undefined, neighbourhood?: string): string | undefined {
  if (neighbourhood?.trim()) return withSuffix(neighbourhood);
  if (!address) return undefined;
  for (const segment of address.normalize('NFC').split(/[,/]/u)) {
    const words = segment.trim().split(/\s+/u).filter(Boolean);
    const suffixAt = words.findIndex((w) => NEIGHBOURHOOD_SUFFIX.test(w));
    if (suffixAt <= 0) continue;
    // The name is the run of words before the suffix that are not street or door parts;
    // neighbourhood names themselves may start with a number ("1. Sakarya"), so only
    // the words after the last street marker count.
    const before = words.slice(0, suffixAt);
    let start = 0;
    before.forEach((w, i) => {
      const numberedName = /^\d+\.$/u.test(w) && i === before.length - 2;
      if (isStreetOrDoor(w) && !numberedName) start = i + 1;
    });
    const name = before.slice(start).join(' ');
    if (name !== '') return withSuffix(name);
  }
  return undefined;
}

/** About 110 m: enough for statistics and a rough map, not enough to find a door. */
const COARSE_DECIMALS = 3;
const coarse = (degrees: number) => Number(degrees.toFixed(COARSE_DECIMALS));

function maskContact(contact: CitizenContact): CitizenContact {
  return {
    ...contact,
    ...(contact.name !== undefined ? { name: maskName(contact.name) } : {}),
    ...(contact.phone !== undefined ? { phone: maskPhone(contact.phone) } : {}),
    ...(contact.email !== undefined ? { email: maskEmail(contact.email) } : {}),
  };
}

function maskLocation(location: CaseLocation, level: 'masked' | 'none'): CaseLocation {
  const { address, ...rest } = location;
  if (level === 'none') return { ...rest, lat: coarse(location.lat), lon: coarse(location.lon) };
  const kept = maskAddress(address, location.neighbourhood);
  return { ...rest, ...(address !== undefined && kept !== undefined ? { address: kept } : {}) };
}

/**
 * A copy of a case with personal data shown at the given level (see `piiAccess`):
 * - `full`: unchanged (the caller audits the read).
 * - `masked`: name, phone and e-mail masked (`A*** Y***`, `+90 5** *** ** 67`), the
 *   address reduced to its neighbourhood. The map point stays: the pin marks where
 *   the work is, and coordinators route by it.
 * - `none`: no contact at all, no address, the point rounded to about 110 m, and no
 *   attachments (photos often show faces, plates or a home).
 *
 * The description stays at every level. It is the request itself, which everyone
 * allowed to see the case needs in order to act on it, and free text cannot be
 * masked reliably: pattern scrubbing misses names and mangles street names, plate
 * and meter numbers, giving a false sense of safety. Public surfaces (the citizen's
 * track page) therefore never show the description at all, and intake asks citizens
 * not to put personal data into it.
 *
 * The result is for display: masked values are not valid phone numbers or e-mail
 * addresses, so never store it or validate it as a `Case`.
 */
export function maskCase(c: Case, level: PiiAccessLevel): Case {
  const copy = structuredClone(c);
  if (level === 'full') return copy;
  const { contact, location, ...rest } = copy;
  if (level === 'masked') {
    return {
      ...rest,
      ...(contact ? { contact: maskContact(contact) } : {}),
      ...(location ? { location: maskLocation(location, 'masked') } : {}),
    };
  }
  return {
    ...rest,
    attachments: [],
    ...(location ? { location: maskLocation(location, 'none') } : {}),
  };
}

const digitAt = (value: string, i: number) => value.charCodeAt(i) - 48;

/**
 * Checks a T.C. Kimlik No (Turkish national id) by its official checksum: 11 digits,
 * the first not 0; digit 10 = ((d1+d3+d5+d7+d9)·7 − (d2+d4+d6+d8)) mod 10; digit 11 =
 * (d1+…+d10) mod 10. A valid checksum does not prove the number was issued; only
 * NVİ's KPSPublic service can tell that.
 */
export function isValidTckn(value: string): boolean {
  if (!/^[1-9][0-9]{10}$/.test(value)) return false;
  let odd = 0;
  let even = 0;
  for (let i = 0; i < 9; i++) {
    if (i % 2 === 0) odd += digitAt(value, i);
    else even += digitAt(value, i);
  }
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  if (tenth !== digitAt(value, 9)) return false;
  return (odd + even + tenth) % 10 === digitAt(value, 10);
}

/** Masks a TCKN to its last two digits: `10000000146` → `*********46`. */
export function maskTckn(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length === 11 ? `${'*'.repeat(9)}${digits.slice(-2)}` : value.trim() === '' ? '' : STARS;
}

/**
 * A T.C. Kimlik No as people type it (spaces allowed), validated by its checksum;
 * raises the `tckn.invalid` message key of `validationMessages`.
 */
export const Tckn = z
  .string()
  .max(32)
  .transform((value) => value.replace(/\s+/gu, ''))
  .refine(isValidTckn, { error: 'tckn.invalid' });

/**
 * An optional TCKN field. The TCKN is collected only where a service needs identity
 * (domain.md §(c), minimisation), so most forms leave it out; an empty or blank input
 * counts as absent rather than invalid.
 */
export const OptionalTckn = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  Tckn.optional(),
);

/**
 * Erases a case's personal data for good (a KVKK m.11 erasure request, or the retention
 * job): contact, exact address, attachments and every free text staff or citizens
 * wrote (description, public answer, internal note, hold note, evidence notes), which
 * fill up with names and door numbers. What statistics need stays: work type,
 * channel, neighbourhood and district, a point rounded to about 110 m, dates, owner,
 * status and the result code. Bumps the version: the caller saves it as a conditional
 * transition, together with {@link anonymiseTimeline}'s rewritten events.
 */
export function anonymiseCase(c: Case, at: Date): Case {
  const { contact: _contact, location, result, hold, ...rest } = structuredClone(c);
  return {
    ...rest,
    description: '',
    attachments: [],
    ...(location ? { location: maskLocation(location, 'none') } : {}),
    ...(result
      ? { result: { ...result, publicAnswer: '', internalNote: '', ...keptEvidence(result.evidence) } }
      : {}),
    ...(hold
      ? {
          hold: {
            reason: hold.reason,
            resumeOn: hold.resumeOn,
            since: hold.since,
            resumeStatus: hold.resumeStatus,
          },
        }
      : {}),
    anonymisedAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: c.version + 1,
  };
}

/** Evidence that is about the work, not the person: the master case, the plan, the institution. */
function keptEvidence(evidence: ClosingEvidence | undefined): { evidence?: ClosingEvidence } {
  if (!evidence) return {};
  const { masterCaseId, plannedDate, programme, institution, workOrderRef } = evidence;
  const kept = {
    ...(masterCaseId ? { masterCaseId } : {}),
    ...(plannedDate ? { plannedDate } : {}),
    ...(programme ? { programme } : {}),
    ...(institution ? { institution: { name: institution.name } } : {}),
    ...(workOrderRef ? { workOrderRef } : {}),
  };
  return Object.keys(kept).length ? { evidence: kept } : {};
}

/**
 * Timeline data fields that carry free text (comments, reasons, answers, notes,
 * evidence): where personal data hides on the timeline. Everything else on an event
 * (type, time, actor, status, tenant, codes) is kept for statistics and audit.
 */
const TIMELINE_FREE_TEXT = new Set([
  'text',
  'reason',
  'note',
  'internalNote',
  'publicAnswer',
  'evidence',
  'attemptLog',
  'description',
  'address',
]);

/**
 * The events of a case whose data holds free text, with that text removed: the
 * erasure rewrites exactly these. Events without free text are not returned.
 */
export function anonymiseTimeline(events: readonly CaseEvent[]): CaseEvent[] {
  const rewritten: CaseEvent[] = [];
  for (const e of events) {
    if (!e.data || !Object.keys(e.data).some((k) => TIMELINE_FREE_TEXT.has(k))) continue;
    const data = Object.fromEntries(Object.entries(e.data).filter(([k]) => !TIMELINE_FREE_TEXT.has(k)));
    const { data: _old, ...rest } = e;
    rewritten.push({ ...rest, ...(Object.keys(data).length ? { data } : {}) });
  }
  return rewritten;
}
