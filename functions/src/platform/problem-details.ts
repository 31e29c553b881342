import type { Language, LocalizedText, ProblemDetails } from '@citydesk/domain';

/** Every problem the API can answer with, with its HTTP status and localized title. */
const PROBLEMS = {
  'validation-failed': { status: 400, title: { tr: 'İstek geçersiz', en: 'The request is invalid' } },
  'malformed-json': {
    status: 400,
    title: { tr: 'İstek gövdesi geçerli JSON değil', en: 'The request body is not valid JSON' },
  },
  'invalid-idempotency-key': {
    status: 400,
    title: { tr: 'Idempotency-Key başlığı geçersiz', en: 'The Idempotency-Key header is invalid' },
  },
  'invalid-tracking-number': {
    status: 400,
    title: { tr: 'Takip numarası geçersiz', en: 'The tracking number is invalid' },
  },
  'case-not-found': { status: 404, title: { tr: 'Başvuru bulunamadı', en: 'Case not found' } },
  'api-key-not-found': { status: 404, title: { tr: 'API anahtarı bulunamadı', en: 'API key not found' } },
  'attachment-not-found': { status: 404, title: { tr: 'Dosya bulunamadı', en: 'Attachment not found' } },
  'webhook-not-found': { status: 404, title: { tr: 'Webhook bulunamadı', en: 'Webhook not found' } },
  'callback-not-found': {
    status: 404,
    title: { tr: 'Geri arama görevi bulunamadı', en: 'Call-back task not found' },
  },
  'incident-not-found': { status: 404, title: { tr: 'Olay bulunamadı', en: 'Incident not found' } },
  'incident-ended': { status: 409, title: { tr: 'Olay sona ermiş', en: 'The incident has ended' } },
  'incident-conflict': {
    status: 409,
    title: { tr: 'Olay bu arada değişti', en: 'The incident was changed meanwhile' },
  },
  'callback-already-done': {
    status: 409,
    title: { tr: 'Geri arama zaten tamamlanmış', en: 'The call-back was already completed' },
  },
  // Satisfaction surveys: each unavailable link has its own code, so the page can explain.
  'survey-not-found': {
    status: 404,
    title: { tr: 'Anket bulunamadı', en: 'Survey not found' },
  },
  'survey-expired': {
    status: 410,
    title: { tr: 'Anketin süresi doldu', en: 'The survey has expired' },
  },
  'survey-already-answered': {
    status: 409,
    title: { tr: 'Anket zaten yanıtlanmış', en: 'The survey was already answered' },
  },
  'survey-follow-up-not-found': {
    status: 404,
    title: { tr: 'Anket takibi bulunamadı', en: 'Survey follow-up not found' },
  },
  'survey-follow-up-decided': {
    status: 409,
    title: { tr: 'Bu takip için zaten karar verilmiş', en: 'This follow-up was already decided' },
  },
  'inbox-message-not-found': {
    status: 404,
    title: { tr: 'Gelen mesaj bulunamadı', en: 'Inbox message not found' },
  },
  'inbox-message-handled': {
    status: 409,
    title: { tr: 'Bu mesaj zaten işlendi', en: 'This message has already been handled' },
  },
  'user-not-found': { status: 404, title: { tr: 'Kullanıcı bulunamadı', en: 'User not found' } },
  'city-not-found': { status: 404, title: { tr: 'Şehir bulunamadı', en: 'City not found' } },
  'tenant-not-found': { status: 404, title: { tr: 'Kurum bulunamadı', en: 'Organisation not found' } },
  'configuration-conflict': {
    status: 409,
    title: { tr: 'Ayarlar bu arada değişti', en: 'The settings were changed meanwhile' },
  },
  'configuration-invalid': {
    status: 422,
    title: { tr: 'Ayarlar tutarlı değil', en: 'The settings do not hold together' },
  },
  'route-not-found': { status: 404, title: { tr: 'Adres bulunamadı', en: 'No such endpoint' } },
  'method-not-allowed': { status: 405, title: { tr: 'Yöntem desteklenmiyor', en: 'Method not allowed' } },
  'version-conflict': {
    status: 409,
    title: { tr: 'Başvuru bu arada değişti', en: 'The case was changed meanwhile' },
  },
  'user-exists': {
    status: 409,
    title: { tr: 'Bu kullanıcı zaten var', en: 'This user already exists' },
  },
  'payload-too-large': { status: 413, title: { tr: 'İstek çok büyük', en: 'The request is too large' } },
  'unsupported-media-type': {
    status: 415,
    title: { tr: 'İçerik türü desteklenmiyor', en: 'Unsupported content type' },
  },
  'phone-quota-exceeded': {
    status: 429,
    title: {
      tr: 'Bu telefon numarasıyla bugün çok sayıda başvuru yapıldı; yarın yeniden deneyin veya Alo 153’ü arayın',
      en: 'Too many requests were filed with this phone number today; try again tomorrow or call Alo 153',
    },
  },
  'idempotency-key-reused': {
    status: 422,
    title: {
      tr: 'Bu Idempotency-Key başka bir istekle kullanılmış',
      en: 'This Idempotency-Key was used with a different request',
    },
  },
  'business-rule-violated': {
    status: 422,
    title: { tr: 'Başvuru kurallara uymuyor', en: 'The request breaks a business rule' },
  },
  'attachment-type-mismatch': {
    status: 422,
    title: {
      tr: 'Dosyanın içeriği bildirilen türle uyuşmuyor',
      en: 'The file content does not match its declared type',
    },
  },
  'attachment-too-large': {
    status: 422,
    title: { tr: 'Dosya bu tür için çok büyük', en: 'The file is too large for its type' },
  },
  unauthorized: { status: 401, title: { tr: 'Kimlik doğrulanamadı', en: 'Not authenticated' } },
  forbidden: {
    status: 403,
    title: { tr: 'Bu işlem için yetkiniz yok', en: 'You are not allowed to do this' },
  },
  'action-not-allowed': {
    status: 403,
    title: {
      tr: 'Bu başvuruda bu işlemi yapma yetkiniz yok',
      en: 'You may not take this action on this case',
    },
  },
  'internal-error': {
    status: 500,
    title: { tr: 'Beklenmeyen bir hata oluştu', en: 'An unexpected error occurred' },
  },
  'service-unavailable': {
    status: 503,
    title: { tr: 'Hizmet geçici olarak kullanılamıyor', en: 'The service is temporarily unavailable' },
  },
} as const satisfies Record<string, { status: number; title: LocalizedText }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** Every problem title in one language: the hostile-input suites check each rejection speaks it. */
export function problemTitles(lang: Language): string[] {
  return Object.values(PROBLEMS).map((p) => p.title[lang]);
}

export interface FieldError {
  path: string;
  message: LocalizedText;
}

/** Thrown anywhere in a request; the problem middleware turns it into problem+json. */
export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly code: ProblemCode,
    readonly detail?: LocalizedText,
    readonly fieldErrors: FieldError[] = [],
    /** RFC 9457 extension members, e.g. the current state of a case after a 409. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(code);
  }
  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

/** RFC 9457 body in the caller's language. `type` is a stable URN clients may switch on. */
export function problemBody(p: ProblemError, lang: Language, instance?: string): ProblemDetails {
  const def = PROBLEMS[p.code];
  return {
    ...p.extensions,
    type: `urn:citydesk:problem:${p.code}`,
    title: def.title[lang],
    status: def.status,
    code: p.code,
    ...(p.detail ? { detail: p.detail[lang] } : {}),
    ...(instance ? { instance } : {}),
    ...(p.fieldErrors.length
      ? { errors: p.fieldErrors.map((e) => ({ path: e.path, message: e.message[lang] })) }
      : {}),
  };
}

export function problemStatus(code: ProblemCode): number {
  return PROBLEMS[code].status;
}
