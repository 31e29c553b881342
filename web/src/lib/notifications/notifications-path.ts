import type { RoutePath } from '#lib/auth/staff-sections.ts';

/** The signed-in person's notification list; every signed-in user may open it. */
export const notificationsPath: RoutePath = '/panel/bildirimler';
/** Personal settings, where the notification e-mail preference lives. */
export const personalSettingsPath: RoutePath = '/panel/ayarlar';
