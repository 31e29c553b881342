import * as z from 'zod';

/** Every user-facing label exists in Turkish (the default) and English. */
export const LocalizedText = z.object({ tr: z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Language = z.enum(['tr', 'en']);
export type Language = z.infer<typeof Language>;
