import * as z from 'zod';
import { type BoundaryIssue, validateBoundary, validateBoundarySet } from './boundary-validation.ts';
import { BusinessCalendarConfig } from './business-calendar.ts';
import { ResultCode } from './case.ts';
import { type CityCatalog, type DistrictBoundary, type Neighbourhood, NeighbourhoodKind } from './catalog.ts';
import { DuplicateDetectionSettings } from './duplicate-detection.ts';
import type { AreaGeometry } from './geo.ts';
import { SocialMentionFilters } from './inbound-social.ts';
import { LocalizedText } from './localized-text.ts';
import { NotificationTemplate } from './notification-templates.ts';
import { PLATFORM_TENANT_ID } from './principal.ts';
import { checkRoutingConfig, RoutingConfig } from './routing-config.ts';
import { SurveySettings } from './satisfaction-survey.ts';
import { Department, GeoPoint, type Tenant, TenantId, TenantType } from './tenant.ts';
import { validationMessages } from './validation-messages.ts';
import { Priority, WorkType, WorkTypeCode, WorkTypeGroup } from './work-type.ts';

/*
 * A city's whole configuration as one document ("settings as data"): the city,
 * its tenants with their boundaries, departments, teams, deputies, calendars and
 * catalogue overrides, the standard catalogue the metropolitan municipality owns,
 * and the routing rules. Onboarding a city is importing such a document; every
 * admin screen edits a section of it and publishes a new version. Cases record the
 * version they were opened under, so their SLA and routing stay explainable after
 * the settings change (docs/domain/tenant-configuration.md).
 */

export const CITY_CONFIGURATION_SCHEMA = 1;

const Username = z.string().trim().min(1).max(128);
const DepartmentCode = z.string().regex(/^[A-Z0-9_]{2,24}$/, { error: 'department.code' });

/** Open311 jurisdiction_id: a domain-like id the city's integrators pass on every call. */
export const JurisdictionId = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]{1,98}[a-z0-9])?$/, { error: 'configuration.jurisdiction-id' });

/** What the citizen pages show about an organisation. */
export const OrganisationContact = z
  .object({
    phone: z.string().trim().min(3).max(40).optional(),
    email: z.email().max(254).optional(),
    web: z
      .url({ protocol: /^https?$/ })
      .max(300)
      .optional(),
    address: z.string().trim().min(3).max(300).optional(),
  })
  .strict();
export type OrganisationContact = z.infer<typeof OrganisationContact>;

/**
 * A logo: an https URL, or a small inline PNG/SVG/JPEG/WebP (≤ 48 kB encoded) so
 * that a tenant without a web server can still have one on the citizen pages.
 */
export const Logo = z.union([
  z.url({ protocol: /^https$/ }).max(500),
  z
    .string()
    .max(65_536, { error: 'configuration.logo-too-large' })
    .regex(/^data:image\/(png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/, { error: 'configuration.logo' }),
]);

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const Ring = z.array(Position).min(4, { error: 'boundary.ring-too-short' });
/** A GeoJSON Polygon or MultiPolygon (RFC 7946, [lon, lat]); deeper checks in checkCityConfiguration. */
export const AreaGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }).strict(),
]);

/** A unit of the tenant with the people who supervise it (birim sorumlusu). */
export const TenantDepartment = z
  .object({
    code: DepartmentCode,
    /** Needed only for a department the city's standard list does not have. */
    name: LocalizedText.optional(),
    supervisors: z.array(Username).max(20).default([]),
  })
  .strict();
export type TenantDepartment = z.infer<typeof TenantDepartment>;

export const TenantTeam = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'configuration.team-id' }),
    name: z.string().trim().min(2).max(80),
    departmentCode: DepartmentCode,
    leader: Username.optional(),
  })
  .strict();
export type TenantTeam = z.infer<typeof TenantTeam>;

/** Who stands in (vekil) for whom while they are absent; chains are followed, cycles rejected. */
export const DeputyAssignment = z.object({ username: Username, deputy: Username }).strict();
export type DeputyAssignment = z.infer<typeof DeputyAssignment>;

/** The data types of an Open311 service-definition attribute (GeoReport v2). */
export const QuestionDatatype = z.enum([
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
]);
export type QuestionDatatype = z.infer<typeof QuestionDatatype>;

/** An extra question of a work type: an Open311 attribute, asked on every intake form. */
export const WorkTypeQuestion = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { error: 'configuration.question-code' }),
    datatype: QuestionDatatype,
    required: z.boolean().default(false),
    order: z.number().int().min(1).max(100),
    description: LocalizedText,
    values: z
      .array(z.object({ key: z.string().regex(/^[a-z0-9_-]{1,40}$/), name: LocalizedText }).strict())
      .max(50)
      .optional(),
  })
  .strict()
  .refine((q) => (q.datatype.endsWith('valuelist') ? (q.values?.length ?? 0) > 0 : q.values === undefined), {
    error: 'configuration.question-values',
    path: ['values'],
  });
export type WorkTypeQuestion = z.infer<typeof WorkTypeQuestion>;

/** How one tenant deviates from the standard catalogue for one work type. */
export const WorkTypeOverride = z
  .object({
    workTypeCode: WorkTypeCode,
    /** A disabled work type is not offered on this tenant's forms and never auto-routes to it. */
    enabled: z.boolean().default(true),
    departmentCode: DepartmentCode.optional(),
    slaHours: z
      .number()
      .int()
      .positive()
      .max(24 * 365)
      .optional(),
    priority: Priority.optional(),
    alwaysTriage: z.boolean().default(false),
    questions: z.array(WorkTypeQuestion).max(20).default([]),
    /** Cases of this type that reach this tenant are referred to this institution (routing config id). */
    externalReferral: z
      .object({ institutionId: z.string().min(2), note: LocalizedText.optional() })
      .strict()
      .optional(),
  })
  .strict();
export type WorkTypeOverride = z.infer<typeof WorkTypeOverride>;
export type WorkTypeOverrideInput = z.input<typeof WorkTypeOverride>;

/** A tenant's own wording of a result status, shown to staff and used as the default public answer. */
export const ResultText = z
  .object({ resultCode: ResultCode, label: LocalizedText, publicAnswer: LocalizedText.optional() })
  .strict();
export type ResultText = z.infer<typeof ResultText>;

/** Everything a tenant admin may change about their own organisation. */
export const TenantSettings = z
  .object({
    contact: OrganisationContact.default({}),
    logo: Logo.optional(),
    departments: z.array(TenantDepartment).max(200).default([]),
    teams: z.array(TenantTeam).max(500).default([]),
    deputies: z.array(DeputyAssignment).max(2000).default([]),
    calendar: BusinessCalendarConfig.prefault({}),
    workTypeOverrides: z.array(WorkTypeOverride).max(1000).default([]),
    resultTexts: z.array(ResultText).max(50).default([]),
    /** Overrides of the built-in citizen message texts, per event, channel and language. */
    notificationTemplates: z.array(NotificationTemplate).max(200).default([]),
    /** The satisfaction survey: on or off, and the delay after closure. Absent: on, 24 hours. */
    survey: SurveySettings.optional(),
    /** The message inbox's social-media filter: tags and keywords a mention must carry (docs/domain/message-inbox.md). */
    socialMentions: SocialMentionFilters.optional(),
    /** Duplicate detection at intake; the metropolitan municipality's applies city-wide (docs/domain/call-centre.md). */
    duplicateDetection: DuplicateDetectionSettings.optional(),
  })
  .strict();
export type TenantSettings = z.output<typeof TenantSettings>;
export type TenantSettingsInput = z.input<typeof TenantSettings>;
export const TENANT_SETTINGS_SECTIONS = [
  'contact',
  'logo',
  'departments',
  'teams',
  'deputies',
  'calendar',
  'workTypeOverrides',
  'resultTexts',
  'notificationTemplates',
  'survey',
  'duplicateDetection',
  'socialMentions',
] as const satisfies readonly (keyof TenantSettings)[];
export type TenantSettingsSection = (typeof TENANT_SETTINGS_SECTIONS)[number];

/** An organisation of the city: what the platform operator sets up, plus the tenant's own settings. */
export const ConfiguredTenant = z
  .object({
    id: TenantId,
    type: TenantType,
    name: z.string().trim().min(2).max(120),
    shortName: z.string().trim().min(2).max(40),
    /** Districts and utilities name the metropolitan municipality. */
    parentId: TenantId.optional(),
    seat: GeoPoint,
    /** Approximate centre of a district's territory: the locator's last resort. */
    centroid: GeoPoint.optional(),
    callCentre: z.string().trim().min(3).max(200).optional(),
    jurisdictionId: JurisdictionId,
    /** Districts: their territory. Utilities may have one (their service area). */
    boundary: AreaGeometrySchema.optional(),
    /** True while the boundary is a generated or hand-drawn estimate. */
    approximateBoundary: z.boolean().default(true),
    settings: TenantSettings.prefault({}),
  })
  .strict();
export type ConfiguredTenant = z.output<typeof ConfiguredTenant>;

export const ConfiguredNeighbourhood = z
  .object({
    name: z.string().trim().min(2).max(80),
    districtTenantId: TenantId,
    kind: NeighbourhoodKind,
    centroid: GeoPoint.optional(),
  })
  .strict();

export const CityConfiguration = z
  .object({
    schema: z.literal(CITY_CONFIGURATION_SCHEMA),
    city: z
      .object({
        id: TenantId,
        name: z.string().trim().min(2).max(80),
        jurisdictionId: JurisdictionId,
        /** The province's outline: every tenant boundary must lie inside it. */
        outline: AreaGeometrySchema,
        contact: OrganisationContact.default({}),
        logo: Logo.optional(),
      })
      .strict(),
    tenants: z.array(ConfiguredTenant).min(1).max(100),
    neighbourhoods: z.array(ConfiguredNeighbourhood).max(20_000).default([]),
    /** The city-wide standard catalogue, owned by the metropolitan municipality. */
    catalogue: z
      .object({
        version: z.string().min(1).max(40),
        departments: z.array(Department).min(1),
        groups: z.array(WorkTypeGroup).min(1),
        workTypes: z.array(WorkType).min(1).max(2000),
      })
      .strict(),
    routing: RoutingConfig,
  })
  .strict();
export type CityConfiguration = z.output<typeof CityConfiguration>;
export type CityConfigurationInput = z.input<typeof CityConfiguration>;

/** A precise, located problem with a configuration, in both languages. */
export interface ConfigurationIssue {
  path: string;
  message: LocalizedText;
}

const issue = (path: string, tr: string, en: string): ConfigurationIssue => ({ path, message: { tr, en } });

/** Returns the deputy cycles (each as the usernames in order, first repeated last). */
export function findDeputyCycles(deputies: readonly DeputyAssignment[]): string[][] {
  const next = new Map(deputies.map((d) => [d.username, d.deputy]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  for (const start of next.keys()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let at: string | undefined = start;
    while (at !== undefined && !done.has(at) && !onPath.has(at)) {
      onPath.set(at, path.length);
      path.push(at);
      at = next.get(at);
    }
    if (at !== undefined && onPath.has(at)) cycles.push([...path.slice(onPath.get(at)), at]);
    for (const p of path) done.add(p);
  }
  return cycles;
}

/**
 * Every cross-reference and invariant of a configuration the schema alone cannot
 * express: one metropolitan tenant, unique ids, known departments, work types and
 * institutions, acyclic deputy chains, a territory for every district, valid
 * boundaries and a routing config that fits the catalogue.
 */
export function checkCityConfiguration(config: CityConfiguration): ConfigurationIssue[] {
  const problems: ConfigurationIssue[] = [];
  const metros = config.tenants.filter((t) => t.type === 'metropolitan');
  if (metros.length !== 1)
    problems.push(
      issue(
        'tenants',
        `Bir şehrin tam olarak bir büyükşehir belediyesi olur; ${metros.length} bulundu.`,
        `A city has exactly one metropolitan tenant; found ${metros.length}.`,
      ),
    );
  const metroId = metros[0]?.id;
  const outline = config.city.outline as AreaGeometry;
  for (const b of validateBoundary(outline, outline).issues)
    problems.push(boundaryProblem('city.outline', b));
  // Districts must tile the city: each valid and inside it, and no two overlapping.
  const districtIndexes = config.tenants.flatMap((t, i) => (t.type === 'district' && t.boundary ? [i] : []));
  const districtSet = validateBoundarySet(
    districtIndexes.map((i) => ({
      tenantId: config.tenants[i]?.id ?? '',
      geometry: config.tenants[i]?.boundary,
    })),
    outline,
  );
  for (const b of districtSet.issues) {
    const [index, , ...rest] = b.path;
    const at = typeof index === 'number' ? `tenants.${districtIndexes[index]}.boundary` : 'tenants';
    problems.push(boundaryProblem(at, { ...b, path: typeof index === 'number' ? rest : [] }));
  }
  const standardDepartments = new Set(config.catalogue.departments.map((d) => d.code));
  const workTypeCodes = new Set(config.catalogue.workTypes.map((w) => w.code));
  const institutions = new Set(config.routing.institutions.map((i) => i.id));
  const seenTenants = new Set<string>();
  const seenJurisdictions = new Set([config.city.jurisdictionId]);
  const neighbourhoodsOf = new Map<string, number>();
  for (const n of config.neighbourhoods)
    neighbourhoodsOf.set(n.districtTenantId, (neighbourhoodsOf.get(n.districtTenantId) ?? 0) + 1);

  if (config.routing.cityId !== config.city.id)
    problems.push(
      issue(
        'routing.cityId',
        `Yönlendirme ayarları ${config.routing.cityId} şehrine ait, bu şehir ${config.city.id}.`,
        `The routing config is for ${config.routing.cityId}, this city is ${config.city.id}.`,
      ),
    );
  for (const w of config.catalogue.workTypes.entries()) {
    const [i, wt] = w;
    if (!standardDepartments.has(wt.departmentCode))
      problems.push(
        issue(
          `catalogue.workTypes.${i}.departmentCode`,
          `${wt.code}: bilinmeyen birim ${wt.departmentCode}.`,
          `${wt.code}: unknown department ${wt.departmentCode}.`,
        ),
      );
  }
  if (workTypeCodes.size !== config.catalogue.workTypes.length)
    problems.push(issue('catalogue.workTypes', 'İş türü kodları tekrar ediyor.', 'Work type codes repeat.'));

  for (const [i, t] of config.tenants.entries()) {
    const at = `tenants.${i}`;
    if (t.id === PLATFORM_TENANT_ID)
      problems.push(
        issue(
          `${at}.id`,
          `${t.id} kimliği ayrılmıştır; başka bir kimlik seçin.`,
          `The id ${t.id} is reserved; choose another.`,
        ),
      );
    if (seenTenants.has(t.id))
      problems.push(
        issue(`${at}.id`, `${t.id} kimliği iki kez kullanılmış.`, `The id ${t.id} is used twice.`),
      );
    seenTenants.add(t.id);
    if (seenJurisdictions.has(t.jurisdictionId))
      problems.push(
        issue(
          `${at}.jurisdictionId`,
          `${t.jurisdictionId} yetki alanı kimliği iki kez kullanılmış.`,
          `The jurisdiction id ${t.jurisdictionId} is used twice.`,
        ),
      );
    seenJurisdictions.add(t.jurisdictionId);
    if (t.type !== 'metropolitan' && metroId && t.parentId !== metroId)
      problems.push(
        issue(
          `${at}.parentId`,
          `${t.shortName} büyükşehir belediyesine (${metroId}) bağlı olmalı.`,
          `${t.shortName} must name the metropolitan municipality (${metroId}) as its parent.`,
        ),
      );
    if (t.type === 'district' && !t.boundary && !neighbourhoodsOf.get(t.id))
      problems.push(
        issue(
          `${at}.boundary`,
          `${t.shortName} için bir sınır (GeoJSON) ya da mahalle listesi gerekli.`,
          `${t.shortName} needs a boundary (GeoJSON) or a neighbourhood list.`,
        ),
      );
    if (t.boundary && t.type !== 'district')
      for (const b of validateBoundary(t.boundary, outline).issues)
        problems.push(boundaryProblem(`${at}.boundary`, b));
    problems.push(
      ...checkTenantSettings(t.settings, `${at}.settings`, {
        standardDepartments,
        workTypeCodes,
        institutions,
      }),
    );
  }
  for (const [i, n] of config.neighbourhoods.entries()) {
    const owner = config.tenants.find((t) => t.id === n.districtTenantId);
    if (owner?.type !== 'district')
      problems.push(
        issue(
          `neighbourhoods.${i}.districtTenantId`,
          `${n.name}: ${n.districtTenantId} bu şehrin bir ilçesi değil.`,
          `${n.name}: ${n.districtTenantId} is not a district of this city.`,
        ),
      );
  }
  if (problems.length === 0) {
    for (const p of checkRoutingConfig(config.routing, compileCatalog(config)))
      problems.push(issue('routing', p, p));
  }
  return problems;
}

interface SettingsContext {
  standardDepartments: ReadonlySet<string>;
  workTypeCodes: ReadonlySet<string>;
  institutions: ReadonlySet<string>;
}

/** The checks of one tenant's settings; used on import and on every section an admin saves. */
export function checkTenantSettings(
  settings: TenantSettings,
  at: string,
  context: SettingsContext,
): ConfigurationIssue[] {
  const problems: ConfigurationIssue[] = [];
  const own = new Set<string>();
  for (const [i, d] of settings.departments.entries()) {
    if (own.has(d.code))
      problems.push(
        issue(
          `${at}.departments.${i}.code`,
          `${d.code} birimi iki kez tanımlı.`,
          `Department ${d.code} is listed twice.`,
        ),
      );
    own.add(d.code);
    if (!context.standardDepartments.has(d.code) && !d.name)
      problems.push(
        issue(
          `${at}.departments.${i}.name`,
          `${d.code} standart listede yok; adını Türkçe ve İngilizce verin.`,
          `${d.code} is not a standard department; give its name in Turkish and English.`,
        ),
      );
  }
  const known = (code: string) => own.has(code) || context.standardDepartments.has(code);
  const unknownDepartment = (path: string, code: string) =>
    issue(path, `Bilinmeyen birim: ${code}.`, `Unknown department: ${code}.`);
  const teamIds = new Set<string>();
  for (const [i, t] of settings.teams.entries()) {
    if (!known(t.departmentCode))
      problems.push(unknownDepartment(`${at}.teams.${i}.departmentCode`, t.departmentCode));
    if (teamIds.has(t.id))
      problems.push(
        issue(`${at}.teams.${i}.id`, `${t.id} ekibi iki kez tanımlı.`, `Team ${t.id} is listed twice.`),
      );
    teamIds.add(t.id);
  }
  const deputyOf = new Set<string>();
  for (const [i, d] of settings.deputies.entries()) {
    if (d.username === d.deputy)
      problems.push(
        issue(
          `${at}.deputies.${i}.deputy`,
          `${d.username} kendisine vekil olamaz.`,
          `${d.username} cannot be their own deputy.`,
        ),
      );
    if (deputyOf.has(d.username))
      problems.push(
        issue(
          `${at}.deputies.${i}.username`,
          `${d.username} için iki vekil tanımlı.`,
          `${d.username} has two deputies.`,
        ),
      );
    deputyOf.add(d.username);
  }
  for (const cycle of findDeputyCycles(settings.deputies))
    if (cycle.length > 2)
      problems.push(
        issue(
          `${at}.deputies`,
          `Vekâlet zinciri döngüye giriyor: ${cycle.join(' → ')}.`,
          `The deputy chain is a cycle: ${cycle.join(' → ')}.`,
        ),
      );
  const overridden = new Set<string>();
  for (const [i, o] of settings.workTypeOverrides.entries()) {
    const p = `${at}.workTypeOverrides.${i}`;
    if (!context.workTypeCodes.has(o.workTypeCode))
      problems.push(
        issue(
          `${p}.workTypeCode`,
          `Bilinmeyen iş türü: ${o.workTypeCode}.`,
          `Unknown work type: ${o.workTypeCode}.`,
        ),
      );
    if (overridden.has(o.workTypeCode))
      problems.push(
        issue(
          `${p}.workTypeCode`,
          `${o.workTypeCode} için iki ayar var.`,
          `${o.workTypeCode} is overridden twice.`,
        ),
      );
    overridden.add(o.workTypeCode);
    if (o.departmentCode && !known(o.departmentCode))
      problems.push(unknownDepartment(`${p}.departmentCode`, o.departmentCode));
    if (o.externalReferral && !context.institutions.has(o.externalReferral.institutionId))
      problems.push(
        issue(
          `${p}.externalReferral.institutionId`,
          `Bilinmeyen kurum: ${o.externalReferral.institutionId}.`,
          `Unknown institution: ${o.externalReferral.institutionId}.`,
        ),
      );
    const codes = new Set<string>();
    for (const [j, q] of o.questions.entries()) {
      if (codes.has(q.code))
        problems.push(
          issue(
            `${p}.questions.${j}.code`,
            `${q.code} sorusu iki kez var.`,
            `Question ${q.code} appears twice.`,
          ),
        );
      codes.add(q.code);
    }
  }
  const templates = new Set<string>();
  for (const [i, t] of settings.notificationTemplates.entries()) {
    const key = `${t.event}/${t.channel}/${t.language}`;
    if (templates.has(key))
      problems.push(
        issue(
          `${at}.notificationTemplates.${i}`,
          `${key} için iki şablon var.`,
          `There are two templates for ${key}.`,
        ),
      );
    templates.add(key);
  }
  const results = new Set<string>();
  for (const [i, r] of settings.resultTexts.entries()) {
    if (results.has(r.resultCode))
      problems.push(
        issue(
          `${at}.resultTexts.${i}.resultCode`,
          `${r.resultCode} iki kez tanımlı.`,
          `${r.resultCode} is listed twice.`,
        ),
      );
    results.add(r.resultCode);
  }
  return problems;
}

/** The settings context of a configuration, for checking one tenant's section. */
export function settingsContextOf(config: CityConfiguration): SettingsContext {
  return {
    standardDepartments: new Set(config.catalogue.departments.map((d) => d.code)),
    workTypeCodes: new Set(config.catalogue.workTypes.map((w) => w.code)),
    institutions: new Set(config.routing.institutions.map((i) => i.id)),
  };
}

/** The catalogue view routing and the forms read: the standard catalogue and the city's organisations. */
export function compileCatalog(config: CityConfiguration): CityCatalog {
  const standard = new Set(config.catalogue.departments.map((d) => d.code));
  const ownDepartments = config.tenants.flatMap((t) =>
    t.settings.departments
      .filter((d) => !standard.has(d.code) && d.name)
      .map((d) => ({ code: d.code, name: d.name as LocalizedText })),
  );
  const departments = [...config.catalogue.departments];
  for (const d of ownDepartments) if (!departments.some((x) => x.code === d.code)) departments.push(d);
  const tenants: Tenant[] = config.tenants.map((t) => ({
    id: t.id,
    cityId: config.city.id,
    type: t.type,
    name: t.name,
    shortName: t.shortName,
    ...(t.parentId ? { parentId: t.parentId } : {}),
    seat: t.seat,
    ...(t.callCentre ? { callCentre: t.callCentre } : {}),
  }));
  const neighbourhoods: Neighbourhood[] = config.neighbourhoods.map((n) => ({
    name: n.name,
    districtTenantId: n.districtTenantId,
    kind: n.kind,
    ...(n.centroid ? { centroid: n.centroid } : {}),
  }));
  return {
    cityId: config.city.id,
    cityName: config.city.name,
    version: config.catalogue.version,
    tenants,
    departments,
    groups: config.catalogue.groups,
    workTypes: config.catalogue.workTypes,
    neighbourhoods,
    districtCentroids: new Map(
      config.tenants.flatMap((t) => (t.centroid ? [[t.id, t.centroid] as const] : [])),
    ),
  };
}

/** The district boundaries routing locates points in. */
export function compileBoundaries(config: CityConfiguration): DistrictBoundary[] {
  return config.tenants
    .filter((t) => t.type === 'district' && t.boundary)
    .map((t) => ({
      districtTenantId: t.id,
      approximate: t.approximateBoundary,
      geometry: t.boundary as AreaGeometry,
    }));
}

/**
 * The routing config with each tenant's department overrides folded in, so the
 * engine keeps one notion of "which department in which tenant".
 */
export function compileRoutingConfig(config: CityConfiguration): RoutingConfig {
  const overrides = config.tenants.flatMap((t) =>
    t.settings.workTypeOverrides
      .filter((o) => o.departmentCode)
      .map((o) => ({
        id: `tenant-${t.id}-${o.workTypeCode.toLowerCase()}`.slice(0, 63),
        tenantIds: [t.id],
        appliesTo: { workTypes: [o.workTypeCode], groups: [] },
        departmentCode: o.departmentCode as string,
        reason: `${t.shortName} tenant setting`,
      })),
  );
  return { ...config.routing, departmentOverrides: [...overrides, ...config.routing.departmentOverrides] };
}

/** A work type as one tenant works it: the standard entry with the tenant's overrides applied. */
export function effectiveWorkType(workType: WorkType, override: WorkTypeOverride | undefined): WorkType {
  if (!override) return workType;
  return {
    ...workType,
    ...(override.departmentCode ? { departmentCode: override.departmentCode } : {}),
    ...(override.slaHours ? { slaHours: override.slaHours } : {}),
    ...(override.priority ? { defaultPriority: override.priority } : {}),
  };
}

/** Replaces one section of one tenant's settings, returning a new configuration. */
export function withTenantSettings(
  config: CityConfiguration,
  tenantId: string,
  settings: TenantSettings,
): CityConfiguration {
  return {
    ...config,
    tenants: config.tenants.map((t) => (t.id === tenantId ? { ...t, settings } : t)),
  };
}

/** Thrown when a configuration does not hold together; carries every problem found. */
export class ConfigurationError extends Error {
  constructor(readonly issues: ConfigurationIssue[]) {
    super(`invalid configuration: ${issues.map((i) => `${i.path}: ${i.message.en}`).join('; ')}`);
  }
}

/** Parses and checks a configuration document; throws ConfigurationError (or a ZodError for shape). */
export function parseCityConfiguration(json: unknown): CityConfiguration {
  const config = CityConfiguration.parse(json);
  const issues = checkCityConfiguration(config);
  if (issues.length > 0) throw new ConfigurationError(issues);
  return config;
}

const round = (n: number) => Math.round(n * 100_000) / 100_000;

/** A boundary issue with where it is: the segments, the point, the tenants involved. */
function boundaryProblem(at: string, b: BoundaryIssue): ConfigurationIssue {
  const base = validationMessages[b.message];
  const p = b.params ?? {};
  const tr: string[] = [];
  const en: string[] = [];
  if (p.segments) {
    const [x, y] = p.segments;
    tr.push(`kenarlar ${x.segment} ve ${y.segment}`);
    en.push(`segments ${x.segment} and ${y.segment}`);
  }
  if (p.point) {
    const where = `${round(p.point[1])}, ${round(p.point[0])}`;
    tr.push(`konum ${where}`);
    en.push(`at ${where}`);
  }
  if (p.tenantIds) {
    tr.push(p.tenantIds.join(' / '));
    en.push(p.tenantIds.join(' / '));
  }
  if (p.distanceMetres !== undefined) {
    tr.push(`${Math.round(p.distanceMetres)} m`);
    en.push(`${Math.round(p.distanceMetres)} m`);
  }
  const path = [at, ...b.path.map(String)].join('.');
  return {
    path,
    message: tr.length ? { tr: `${base.tr} (${tr.join('; ')})`, en: `${base.en} (${en.join('; ')})` } : base,
  };
}
