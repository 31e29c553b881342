import type { Role } from '@citydesk/domain';

/*
 * The staff area's sections and which roles may open them. The navigation and the
 * section pages' guard both read this table, so a link is shown exactly when its
 * page would let the user in. It is a convenience for the interface: the API
 * authorizes every call on its own.
 */

export type StaffSectionId =
  | 'intake'
  | 'queue'
  | 'triage'
  | 'dashboards'
  | 'settings'
  | 'webhooks'
  | 'users'
  | 'platform'
  | 'organisation'
  | 'neighbourhood'
  | 'outbox'
  | 'surveyFollowUps'
  | 'inbox'
  | 'incidents';

/** A route path of the portal (Turkish, unprefixed); English pages live under /en. */
export type RoutePath = `/${string}`;

export interface StaffSection {
  id: StaffSectionId;
  path: RoutePath;
  roles: readonly Role[];
}

/** In navigation order: the day-to-day work first, administration last. */
export const staffSections: readonly StaffSection[] = [
  { id: 'intake', path: '/panel/cagri', roles: ['agent'] },
  { id: 'triage', path: '/panel/yonlendirme', roles: ['coordinator'] },
  // SMS, WhatsApp, e-mail and social-media messages the metro call centre triages.
  { id: 'inbox', path: '/panel/gelen-kutusu', roles: ['agent', 'coordinator'] },
  { id: 'queue', path: '/panel/kuyruk', roles: ['staff', 'supervisor'] },
  { id: 'neighbourhood', path: '/panel/mahallem', roles: ['muhtar'] },
  // Issue 8's analytics: dashboard, wall screen, map and weekly report (their tabs live under this path).
  { id: 'dashboards', path: '/panel/analiz', roles: ['manager', 'supervisor', 'coordinator', 'admin'] },
  { id: 'settings', path: '/panel/ayarlar', roles: ['admin'] },
  { id: 'webhooks', path: '/panel/yonetim/webhooklar', roles: ['admin'] },
  // A tenant's admins manage its users; platform operators tenants' administrators.
  { id: 'users', path: '/panel/yonetim/kullanicilar', roles: ['admin', 'platform'] },
  // Cities and their organisations: the platform operators' own screen, above every tenant.
  { id: 'platform', path: '/panel/platform', roles: ['platform'] },
  // A tenant's own settings; platform operators open any tenant's with ?tenant=.
  { id: 'organisation', path: '/panel/yonetim/kurum', roles: ['admin', 'platform'] },
  // What citizens were sent, where nothing is really sent (the local cloud's dev outbox).
  { id: 'outbox', path: '/panel/giden-kutusu', roles: ['admin', 'coordinator', 'manager'] },
  // "Not resolved" survey answers waiting for a supervisor's decision (reopen or call back).
  { id: 'surveyFollowUps', path: '/panel/anket-takibi', roles: ['supervisor', 'coordinator'] },
  // Outages and faults in an area: declared by the owning tenant's supervisors and managers, or the metro's coordinators.
  { id: 'incidents', path: '/panel/olaylar', roles: ['supervisor', 'manager', 'coordinator'] },
];

/** The staff home; every signed-in user may open it. */
export const staffHomePath: RoutePath = '/panel';
export const signInPath: RoutePath = '/giris';
/** One case, opened from the queue or triage list (`?id=` keeps the page static). */
export const caseDetailPath: RoutePath = '/panel/basvuru';
/** One city of the platform section (`?id=` keeps the page static). */
export const platformCityPath: RoutePath = '/panel/platform/sehir';

export function canOpenSection(roles: readonly Role[], section: StaffSection): boolean {
  return section.roles.some((role) => roles.includes(role));
}

/** The sections a user with these roles sees, in navigation order. */
export function sectionsFor(roles: readonly Role[]): StaffSection[] {
  return staffSections.filter((section) => canOpenSection(roles, section));
}

export function sectionById(id: StaffSectionId): StaffSection {
  const section = staffSections.find((s) => s.id === id);
  if (!section) throw new Error(`unknown staff section ${id}`);
  return section;
}

/** Every staff page, for the prerenderer (nothing links to them from the public pages). */
export const staffPaths: readonly RoutePath[] = [
  signInPath,
  staffHomePath,
  caseDetailPath,
  // Everyone's own notification list (the header's bell links to it).
  '/panel/bildirimler',
  platformCityPath,
  // The analytics section's other tabs (the dashboard is the section's own path).
  '/panel/analiz/canli',
  '/panel/analiz/haftalik',
  ...staffSections.map((s) => s.path),
];
