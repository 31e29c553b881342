import type {
  AssistedChannel,
  NotificationChannel,
  NotificationGranularity,
  PublicCaseSubmission,
  PublicCatalog,
  StaffCaseSubmission,
  WorkTypeQuestion,
} from '@citydesk/domain';
import { QUESTION_NUMBER } from '@citydesk/domain';
import { newIdempotencyKey } from '#lib/api/idempotency-key.ts';
import { KVKK_NOTICE_VERSION } from '#lib/kvkk/kvkk-notice-version.ts';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 4000;

/** Ids of the form's controls; validation errors and the error summary are keyed by them. */
export type FieldId =
  | 'work-type'
  | 'description'
  | 'district'
  | 'neighbourhood'
  | 'road-name'
  | 'address'
  | 'contact-name'
  | 'contact-phone'
  | 'contact-email'
  | 'notify-channel'
  | 'kvkk-consent'
  /** Staff intake only: how the citizen reached the desk. */
  | 'intake-channel'
  /** An extra question of the chosen work type, by its code. */
  | `question-${string}`;

type CatalogWorkType = PublicCatalog['workTypes'][number];

type Point = { lat: number; lon: number };

/*
 * A light client-side check only: it catches typos before a round trip. The API
 * validates the number for real (libphonenumber) and its message is shown if it
 * disagrees. Accepts Turkish numbers with or without 0 / +90 and foreign numbers
 * written with their country code.
 */
const TURKISH_PHONE = /^(?:\+?90|0)?[2-5]\d{9}$/;
const INTERNATIONAL_PHONE = /^\+[1-9]\d{7,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Maps a JSON path from the API's problem `errors` onto the control that shows it. */
export function fieldForPath(path: string): FieldId | undefined {
  const p = path.replace(/^\/|^body\./, '').replaceAll('/', '.');
  if (p.startsWith('workTypeCode')) return 'work-type';
  const question = /^answers\.([a-z][a-z0-9_]*)/.exec(p);
  if (question) return `question-${question[1]}`;
  if (p.startsWith('description')) return 'description';
  if (p.startsWith('location.address')) return 'address';
  if (p.startsWith('location.roadName')) return 'road-name';
  if (p.startsWith('location.neighbourhood')) return 'neighbourhood';
  if (p.startsWith('location')) return 'district';
  if (p.startsWith('contact.name')) return 'contact-name';
  if (p.startsWith('contact.phone')) return 'contact-phone';
  if (p.startsWith('contact.email')) return 'contact-email';
  if (p.startsWith('contact')) return 'notify-channel';
  if (p.startsWith('consent')) return 'kvkk-consent';
  if (p.startsWith('channel')) return 'intake-channel';
  return undefined;
}

/**
 * Everything typed into the request form, by the citizen on the portal or by an
 * agent on their behalf (staff intake), and its validation.
 */
export class CaseFormState {
  workTypeCode = $state('');
  requiresLocation = $state(false);
  /** The chosen work type's extra questions (the metropolitan municipality's, city-wide), in order. */
  questions = $state<readonly WorkTypeQuestion[]>([]);
  /** Answers by question code: text, or the chosen option keys of a multiple choice. */
  answers = $state<Record<string, string | string[]>>({});
  description = $state('');
  pin = $state<Point>();
  districtTenantId = $state('');
  neighbourhood = $state('');
  /** The street or road (cadde, sokak, bulvar): split rules send main arteries to the metropolitan municipality. */
  roadName = $state('');
  address = $state('');
  name = $state('');
  phone = $state('');
  email = $state('');
  channel = $state<NotificationChannel>('sms');
  granularity = $state<NotificationGranularity>('every_stage');
  language = $state<'tr' | 'en'>(getLocale());
  consent = $state(false);
  errors = $state<Partial<Record<FieldId, string>>>({});

  /*
   * One Idempotency-Key per distinct submission: pressing submit again after a
   * network error resends the same body with the same key (so the case is not
   * created twice), while a corrected form is a new submission with a new key.
   */
  #lastBody = '';
  #key = '';

  /** Picks the subject (or clears it): its location rule and its questions come with it. */
  chooseWorkType(workType: CatalogWorkType | undefined): void {
    if (workType?.code === this.workTypeCode) return;
    this.workTypeCode = workType?.code ?? '';
    this.requiresLocation = workType?.requiresLocation ?? false;
    this.questions = [...(workType?.questions ?? [])].sort((a, b) => a.order - b.order);
    this.answers = {};
    if (workType) delete this.errors['work-type'];
    for (const id of Object.keys(this.errors)) {
      if (id.startsWith('question-')) delete this.errors[id as FieldId];
    }
  }

  /** The answers given to the current questions, trimmed; unanswered ones are left out. */
  givenAnswers(): Record<string, string | string[]> {
    const given: Record<string, string | string[]> = {};
    for (const q of this.questions) {
      const answer = this.answers[q.code];
      if (Array.isArray(answer) ? answer.length > 0 : answer?.trim()) {
        given[q.code] = Array.isArray(answer) ? answer : (answer ?? '').trim();
      }
    }
    return given;
  }

  /**
   * Checks what can be checked without the server; fills `errors` and returns whether
   * the form is valid. `requireAnswers: false` lets required questions go unanswered
   * (a transcribed complaint, a call closed as answered or as a duplicate: the API's
   * `requiresAnswers` rule).
   */
  validate({ requireAnswers = true }: { requireAnswers?: boolean } = {}): boolean {
    const errors: Partial<Record<FieldId, string>> = {};
    if (!this.workTypeCode) errors['work-type'] = m.error_required_work_type();
    const length = this.description.trim().length;
    if (length < DESCRIPTION_MIN) errors.description = m.error_description_short();
    else if (length > DESCRIPTION_MAX) errors.description = m.error_description_long();
    // In the order the form shows them: the questions follow the description.
    const given = this.givenAnswers();
    for (const q of this.questions) {
      const answer = given[q.code];
      const question = q.description[getLocale()];
      if (answer === undefined) {
        if (q.required && requireAnswers)
          errors[`question-${q.code}`] = m.error_question_required({ question });
      } else if (q.datatype === 'number' && typeof answer === 'string' && !QUESTION_NUMBER.test(answer)) {
        errors[`question-${q.code}`] = m.error_question_number({ question });
      }
    }
    if (this.requiresLocation && !this.pin && !this.districtTenantId) {
      errors.district = m.error_location_required();
    }
    const phone = this.phone.replace(/[\s\-().]/g, '');
    if (phone && !TURKISH_PHONE.test(phone) && !INTERNATIONAL_PHONE.test(phone)) {
      errors['contact-phone'] = m.error_phone_invalid();
    } else if (!phone && (this.channel === 'sms' || this.channel === 'callback')) {
      errors['contact-phone'] = m.error_phone_required();
    }
    const email = this.email.trim();
    if (email && !EMAIL.test(email)) errors['contact-email'] = m.error_email_invalid();
    else if (!email && this.channel === 'email') errors['contact-email'] = m.error_email_required();
    if (!this.consent) errors['kvkk-consent'] = m.error_consent_required();
    this.errors = errors;
    return Object.keys(errors).length === 0;
  }

  /**
   * The point sent with the case: the map pin, or else the centre of the chosen
   * neighbourhood or district, so that keyboard and screen-reader users who never
   * touch the map still give the router a location.
   */
  point(catalog: PublicCatalog): Point | undefined {
    if (this.pin) return this.pin;
    const neighbourhood = catalog.neighbourhoods.find(
      (n) => n.name === this.neighbourhood && n.districtTenantId === this.districtTenantId,
    );
    if (neighbourhood?.centroid) return neighbourhood.centroid;
    return catalog.districts.find((d) => d.tenantId === this.districtTenantId)?.seat;
  }

  /**
   * Puts the API's field errors next to their controls. An error about a question the
   * form does not show means the work type's questions changed since the catalogue
   * was loaded: it is reported at the subject, with what to do.
   */
  showServerErrors(fieldErrors: Iterable<readonly [string, string]>): void {
    const byField: Partial<Record<FieldId, string>> = {};
    for (const [path, message] of fieldErrors) {
      let field = fieldForPath(path);
      let text = message;
      if (field?.startsWith('question-') && !this.questions.some((q) => `question-${q.code}` === field)) {
        field = 'work-type';
        text = m.error_questions_changed();
      }
      if (field && !byField[field]) byField[field] = text;
    }
    this.errors = byField;
  }

  /** The request body of POST /v1/public/cases. */
  toSubmission(catalog: PublicCatalog): PublicCaseSubmission {
    const point = this.point(catalog);
    const address = this.address.trim();
    const roadName = this.roadName.trim();
    const name = this.name.trim();
    const phone = this.phone.trim();
    const email = this.email.trim();
    const wantsContact = this.channel !== 'none' || name || phone || email;
    const answers = this.givenAnswers();
    return {
      workTypeCode: this.workTypeCode,
      description: this.description.trim(),
      ...(Object.keys(answers).length ? { answers } : {}),
      channel: 'web',
      ...(point
        ? {
            location: {
              lat: point.lat,
              lon: point.lon,
              ...(address ? { address } : {}),
              ...(roadName.length >= 2 ? { roadName } : {}),
              ...(this.neighbourhood ? { neighbourhood: this.neighbourhood } : {}),
            },
          }
        : {}),
      ...(wantsContact
        ? {
            contact: {
              ...(name ? { name } : {}),
              ...(phone ? { phone } : {}),
              ...(email ? { email } : {}),
              preference: { channel: this.channel, granularity: this.granularity, language: this.language },
            },
          }
        : {}),
      consent: { accepted: true, noticeVersion: KVKK_NOTICE_VERSION },
    };
  }

  /** The body of POST /v1/staff/cases: the same form, recorded by staff on the channel the citizen used. */
  toStaffSubmission(catalog: PublicCatalog, channel: AssistedChannel): StaffCaseSubmission {
    return { ...this.toSubmission(catalog), channel };
  }

  /** The Idempotency-Key for this body: unchanged on a retry of the same submission. */
  idempotencyKeyFor(submission: PublicCaseSubmission | StaffCaseSubmission): string {
    const body = JSON.stringify(submission);
    if (body !== this.#lastBody || !this.#key) {
      this.#lastBody = body;
      this.#key = newIdempotencyKey();
    }
    return this.#key;
  }
}
