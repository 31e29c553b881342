import type { LocalizedText } from './localized-text.ts';

/**
 * Messages for the domain's own validation rules, keyed by the string the schemas
 * raise. The API edge turns a key into the caller's language; zod's built-in
 * messages are localized by zod's own tr/en locales.
 */
export const validationMessages = {
  'phone.invalid': {
    tr: 'Geçerli bir telefon numarası girin (ör. 0532 123 45 67).',
    en: 'Enter a valid phone number (e.g. +90 532 123 45 67).',
  },
  'contact.phone-required': {
    tr: 'SMS veya geri arama için telefon numarası gereklidir.',
    en: 'A phone number is required for SMS or call-back notifications.',
  },
  'contact.email-required': {
    tr: 'E-posta bildirimi için e-posta adresi gereklidir.',
    en: 'An e-mail address is required for e-mail notifications.',
  },
  'consent.required': {
    tr: 'Devam etmek için KVKK aydınlatma metnini okuyup onaylamanız gerekir.',
    en: 'You must read and accept the KVKK privacy notice to continue.',
  },
  'attachment.file-name': {
    tr: 'Dosya adı klasör yolu veya kontrol karakteri içeremez.',
    en: 'The file name must not contain a folder path or control characters.',
  },
  'location.required': {
    tr: 'Bu iş türü için konum gereklidir: haritada işaretleyin veya adres girin.',
    en: 'This work type needs a location: drop a pin on the map or enter an address.',
  },
  'work-type.unknown': { tr: 'Bu iş türü bulunamadı.', en: 'This work type does not exist.' },
  'tenant.id': { tr: 'Kurum kimliği geçersiz.', en: 'Invalid organisation id.' },
  'work-type.code': { tr: 'İş türü kodu geçersiz.', en: 'Invalid work type code.' },
  'case.id': { tr: 'Başvuru kimliği geçersiz.', en: 'Invalid case id.' },
  'tckn.invalid': {
    tr: 'Geçerli bir T.C. Kimlik No girin (11 hane, 0 ile başlamaz).',
    en: 'Enter a valid Turkish ID number (T.C. Kimlik No: 11 digits, not starting with 0).',
  },
} as const satisfies Record<string, LocalizedText>;

export type ValidationMessageKey = keyof typeof validationMessages;

export function isValidationMessageKey(message: string): message is ValidationMessageKey {
  return Object.hasOwn(validationMessages, message);
}
