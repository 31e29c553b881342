import { foldForMatching } from '@citydesk/domain';

/**
 * Search folding for Turkish, from the domain's Turkish text module (turkish-text.ts)
 * so that every search of the portal folds as the classifier and the API do:
 * Turkish lower case, then every letter to its plain Latin base ("İŞ Çukuru" →
 * "is cukuru"), apostrophes dropped ("Atatürk'te" → "ataturkte").
 */
export const foldTurkish: (text: string) => string = foldForMatching;
