import * as z from 'zod';
import { type CityCatalog, NeighbourhoodKind } from './catalog.ts';
import { LocalizedText } from './localized-text.ts';
import { TenantId, TenantType } from './tenant.ts';
import { WorkTypeCode } from './work-type.ts';

/*
 * How a city routes its cases, as data (domain.md §0, "Delegations vary by
 * city"): which roads UKOME designated as main arteries, which work types split
 * between levels and on what, which ones a coordinator always looks at first,
 * which belong to institutions outside the platform, and which district handles
 * a work type in another department than the catalogue's. The engine in
 * case-routing.ts reads nothing else, so a city changes its routing by editing
 * this document, never the code.
 */

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'routing-config.id' });
const DepartmentCode = z.string().regex(/^[A-Z0-9_]{2,24}$/);

/** Work types a rule applies to: by code, by group, or both (union). */
const WorkTypeSelector = z
  .object({
    workTypes: z.array(WorkTypeCode).default([]),
    groups: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((s) => s.workTypes.length + s.groups.length > 0, { error: 'routing-config.selector-empty' });

/** A named road, matched in a case's road name or address after Turkish folding and abbreviation expansion. */
export const DesignatedRoad = z
  .object({
    name: z.string().min(3),
    /** Other spellings, e.g. "Milli Kuvvetler Cd." or "Gazi Blv."; abbreviations are expanded anyway. */
    aliases: z.array(z.string().min(2)).default([]),
    /** The districts the designation covers; absent: wherever the name appears in the city. */
    districtTenantIds: z.array(TenantId).optional(),
  })
  .strict();
export type DesignatedRoad = z.infer<typeof DesignatedRoad>;

/** A list of roads with a legal status, e.g. the UKOME main-artery (ana arter) list or the state highways. */
export const RoadList = z
  .object({
    id: Id,
    name: LocalizedText,
    /** True while the list is a demo or an estimate rather than the council's decision. */
    approximate: z.boolean(),
    source: z.string().min(1),
    roads: z.array(DesignatedRoad).min(1),
  })
  .strict();
export type RoadList = z.infer<typeof RoadList>;

/** An organisation outside the platform that citizens are referred to. */
export const ExternalInstitution = z
  .object({
    id: Id,
    name: LocalizedText,
    /** What the citizen dials: a short code (186), a 444 or 0850 number, or a full number. */
    phone: z.string().min(3).max(40).optional(),
    web: z.url().optional(),
  })
  .strict();
export type ExternalInstitution = z.infer<typeof ExternalInstitution>;

/** Work types that belong to an external institution outright: the case is closed as REFERRED_EXTERNAL. */
export const ExternalReferralRule = z
  .object({
    id: Id,
    appliesTo: WorkTypeSelector,
    institutionId: Id,
    /** Added to the generated answer, e.g. "Can güvenliği varsa 112'yi arayın." */
    note: LocalizedText.optional(),
  })
  .strict();
export type ExternalReferralRule = z.infer<typeof ExternalReferralRule>;

/** Work types that never auto-route: a coordinator decides (social aid de-duplication, staff complaints…). */
export const AlwaysTriageRule = z
  .object({
    id: Id,
    appliesTo: WorkTypeSelector,
    reason: LocalizedText,
  })
  .strict();
export type AlwaysTriageRule = z.infer<typeof AlwaysTriageRule>;

/**
 * Conditions of a split-rule branch; all given ones must hold. Each evaluates to
 * true, false or unknown (the input is missing), see case-routing.ts.
 */
export const SplitCondition = z
  .object({
    /** The case's road is on this road list. */
    onRoadList: Id.optional(),
    /** The case's road is known and is not on this road list. */
    offRoadList: Id.optional(),
    /** The located neighbourhood is of one of these kinds. */
    neighbourhoodKinds: z.array(NeighbourhoodKind).min(1).optional(),
    /** The located district is one of these. */
    districtTenantIds: z.array(TenantId).min(1).optional(),
    /** The description mentions one of these words or phrases (Turkish-folded, word-prefix match). */
    descriptionKeywords: z.array(z.string().min(2)).min(1).optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), { error: 'routing-config.condition-empty' });
export type SplitCondition = z.infer<typeof SplitCondition>;

/** What a fired branch does: route to a level (and department), refer outside, or send to triage. */
export const SplitOutcome = z.union([
  z
    .object({
      route: z
        .object({
          level: TenantType,
          /** Defaults to the work type's department. */
          departmentCode: DepartmentCode.optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ refer: z.object({ institutionId: Id, note: LocalizedText.optional() }).strict() }).strict(),
  z.object({ triage: z.object({ reason: LocalizedText }).strict() }).strict(),
]);
export type SplitOutcome = z.infer<typeof SplitOutcome>;

export const SplitBranch = z
  .object({
    id: Id,
    when: SplitCondition,
    outcome: SplitOutcome,
    /**
     * When an input of `when` is missing (no road name, no neighbourhood):
     * `skip` treats the branch as not applying (the work type's own default
     * stands), `triage` sends the case to a coordinator because the decision
     * genuinely depends on it.
     */
    ifUnknown: z.enum(['skip', 'triage']),
  })
  .strict();
export type SplitBranch = z.infer<typeof SplitBranch>;

/**
 * A split rule (the catalogue's `split_rule` texts, made executable): branches
 * tried in order, the first that holds decides; none: the work type's default
 * level and department.
 */
export const SplitRule = z
  .object({
    id: Id,
    /** The catalogue's wording that this rule encodes, for the explanation and for reviewers. */
    basis: z.string().min(1),
    appliesTo: WorkTypeSelector,
    branches: z.array(SplitBranch).min(1),
  })
  .strict();
export type SplitRule = z.infer<typeof SplitRule>;

/** A tenant that handles some work in another department than the catalogue's default. */
export const DepartmentOverride = z
  .object({
    id: Id,
    tenantIds: z.array(TenantId).min(1),
    /** Limits the override to these work types / groups; absent: every work type routed to `fromDepartmentCode`. */
    appliesTo: WorkTypeSelector.optional(),
    /** Limits the override to cases that would land in this department. */
    fromDepartmentCode: DepartmentCode.optional(),
    departmentCode: DepartmentCode,
    reason: z.string().min(1),
  })
  .strict()
  .refine((o) => o.appliesTo || o.fromDepartmentCode, { error: 'routing-config.override-unscoped' });
export type DepartmentOverride = z.infer<typeof DepartmentOverride>;

export const RoutingConfig = z
  .object({
    cityId: z.string().min(1),
    description: z.string().optional(),
    /** Recorded in every routing explanation, so that a decision can be replayed against its rules. */
    version: z.string().min(1),
    /** The metropolitan unit that answers and records referrals (the call centre / Beyaz Masa). */
    frontOfficeDepartmentCode: DepartmentCode,
    roadLists: z.array(RoadList),
    institutions: z.array(ExternalInstitution),
    externalReferrals: z.array(ExternalReferralRule),
    alwaysTriage: z.array(AlwaysTriageRule),
    splitRules: z.array(SplitRule),
    departmentOverrides: z.array(DepartmentOverride),
  })
  .strict();
export type RoutingConfig = z.infer<typeof RoutingConfig>;
export type RoutingConfigInput = z.input<typeof RoutingConfig>;

type Selector = z.infer<typeof WorkTypeSelector>;

/** The work type codes a selector covers in a catalogue. */
export function selectWorkTypes(selector: Selector, catalog: CityCatalog): Set<string> {
  const groups = new Set(selector.groups);
  const codes = new Set(selector.workTypes);
  return new Set(
    catalog.workTypes.filter((w) => codes.has(w.code) || groups.has(w.group)).map((w) => w.code),
  );
}

/**
 * Checks a config against the city's catalogue: every code, group, department,
 * tenant, institution and road list it names exists, and no work type falls
 * under two rules of a kind that must be unique. Returns the problems found.
 */
export function checkRoutingConfig(config: RoutingConfig, catalog: CityCatalog): string[] {
  const problems: string[] = [];
  const workTypes = new Set(catalog.workTypes.map((w) => w.code));
  const groups = new Set(catalog.groups.map((g) => g.code));
  const departments = new Set(catalog.departments.map((d) => d.code));
  const tenants = new Map(catalog.tenants.map((t) => [t.id, t]));
  const institutions = new Set(config.institutions.map((i) => i.id));
  const roadLists = new Set(config.roadLists.map((l) => l.id));

  if (config.cityId !== catalog.cityId)
    problems.push(`config is for ${config.cityId}, catalogue for ${catalog.cityId}`);
  const department = (where: string, code: string | undefined) => {
    if (code !== undefined && !departments.has(code)) problems.push(`${where}: unknown department ${code}`);
  };
  const district = (where: string, id: string) => {
    if (tenants.get(id)?.type !== 'district') problems.push(`${where}: ${id} is not a district tenant`);
  };
  const selector = (where: string, s: Selector | undefined) => {
    for (const c of s?.workTypes ?? [])
      if (!workTypes.has(c)) problems.push(`${where}: unknown work type ${c}`);
    for (const g of s?.groups ?? []) if (!groups.has(g)) problems.push(`${where}: unknown group ${g}`);
  };
  const unique = (kind: string, rules: { id: string; appliesTo: Selector }[]) => {
    const owner = new Map<string, string>();
    for (const r of rules) {
      for (const code of selectWorkTypes(r.appliesTo, catalog)) {
        const before = owner.get(code);
        if (before) problems.push(`${code} is under two ${kind} rules: ${before} and ${r.id}`);
        owner.set(code, r.id);
      }
    }
    return owner;
  };
  const ids = new Set<string>();
  const all = [
    ...config.roadLists,
    ...config.institutions,
    ...config.externalReferrals,
    ...config.alwaysTriage,
    ...config.splitRules,
    ...config.departmentOverrides,
  ];
  for (const { id } of all) {
    if (ids.has(id)) problems.push(`duplicate id ${id}`);
    ids.add(id);
  }

  department('frontOfficeDepartmentCode', config.frontOfficeDepartmentCode);
  for (const list of config.roadLists)
    for (const road of list.roads)
      for (const d of road.districtTenantIds ?? []) district(`${list.id}/${road.name}`, d);
  for (const r of config.externalReferrals) {
    selector(r.id, r.appliesTo);
    if (!institutions.has(r.institutionId)) problems.push(`${r.id}: unknown institution ${r.institutionId}`);
  }
  for (const r of config.alwaysTriage) selector(r.id, r.appliesTo);
  for (const r of config.splitRules) {
    selector(r.id, r.appliesTo);
    for (const b of r.branches) {
      const where = `${r.id}/${b.id}`;
      for (const list of [b.when.onRoadList, b.when.offRoadList])
        if (list !== undefined && !roadLists.has(list)) problems.push(`${where}: unknown road list ${list}`);
      for (const d of b.when.districtTenantIds ?? []) district(where, d);
      if ('route' in b.outcome) department(where, b.outcome.route.departmentCode);
      if ('refer' in b.outcome && !institutions.has(b.outcome.refer.institutionId))
        problems.push(`${where}: unknown institution ${b.outcome.refer.institutionId}`);
    }
  }
  for (const o of config.departmentOverrides) {
    selector(o.id, o.appliesTo);
    department(o.id, o.fromDepartmentCode);
    department(o.id, o.departmentCode);
    for (const t of o.tenantIds) if (!tenants.has(t)) problems.push(`${o.id}: unknown tenant ${t}`);
  }

  // A referral closes the case and a triage rule stops it: a work type under both is a contradiction.
  const referred = unique('external referral', config.externalReferrals);
  const triaged = unique('always-triage', config.alwaysTriage);
  const split = unique('split', config.splitRules);
  for (const code of referred.keys()) {
    if (triaged.has(code))
      problems.push(`${code} is both referred (${referred.get(code)}) and always triaged`);
    if (split.has(code)) problems.push(`${code} is both referred (${referred.get(code)}) and split`);
  }
  return problems;
}

/** Parses and checks a routing config; throws with every problem listed when it does not fit the catalogue. */
export function parseRoutingConfig(json: unknown, catalog: CityCatalog): RoutingConfig {
  const config = RoutingConfig.parse(json);
  const problems = checkRoutingConfig(config, catalog);
  if (problems.length > 0) throw new Error(`routing config ${config.version}: ${problems.join('; ')}`);
  return config;
}
