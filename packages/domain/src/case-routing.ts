import type { CaseLocation } from './case.ts';
import type { CityCatalog, NeighbourhoodKind } from './catalog.ts';
import type { DistrictLocator, DistrictMatch, LocateMethod } from './district-locator.ts';
import type { LocalizedText } from './localized-text.ts';
import { explainRoad, mentionsAny, type RoadExplanation, type RoadFacts, roadFacts } from './road-names.ts';
import {
  type ExternalInstitution,
  type RoutingConfig,
  type SplitBranch,
  type SplitCondition,
  type SplitRule,
  selectWorkTypes,
} from './routing-config.ts';
import type { Tenant, TenantType } from './tenant.ts';
import type { WorkType } from './work-type.ts';

/** Which rule decided a case's routing. */
export type RoutingRuleKind = 'external-referral' | 'always-triage' | 'split-rule' | 'work-type-level';

/** Why a case waits for a coordinator in the metropolitan triage instead of being routed. */
export type TriageReason =
  | 'always-triage'
  | 'district-unresolved'
  | 'split-rule-input-missing'
  | 'split-rule-triage'
  | 'location-conflict'
  | 'tenant-disabled'
  | 'tenant-always-triage';

/** An input a split-rule condition needed but the case did not give. */
export type RoutingInput = 'road' | 'neighbourhood-kind' | 'district';

/**
 * Everything a routing decision was based on, recorded on the case's internal
 * timeline so that a coordinator can see why a case went where it went, and a
 * misroute can be traced to its rule or its input. Plain JSON.
 */
export interface RoutingExplanation {
  /** The routing config the decision used. */
  configVersion: string;
  rule: RoutingRuleKind;
  workType: { code: string; level: TenantType; departmentCode: string };
  location?: {
    districtTenantId?: string;
    method?: LocateMethod;
    neighbourhood?: string;
    neighbourhoodKind?: NeighbourhoodKind;
    neighbourhoodMatchedBy?: 'name' | 'nearest-centroid';
    conflict?: DistrictMatch['conflict'];
    road?: RoadExplanation;
  };
  splitRule?: {
    id: string;
    basis: string;
    /** The branch that fired, or whose missing input sent the case to triage; absent when none held. */
    branch?: string;
    /** Branches passed over because an input was missing (their `ifUnknown` was `skip`). */
    skipped?: { branch: string; missing: RoutingInput[] }[];
    /** What was missing when a branch sent the case to triage. */
    missing?: RoutingInput[];
    /** The keyword of the description that made a branch hold. */
    keyword?: string;
  };
  referral?: { ruleId: string; institutionId: string };
  departmentOverride?: { id: string; from: string; to: string; reason: string };
  triage?: { reason: TriageReason; note?: LocalizedText };
  /** The level the case went to, after split rules. */
  level?: TenantType;
  /** One line in Turkish and English for the staff timeline. */
  summary: LocalizedText;
}

interface DecisionBase {
  /** The tenant that owns the case now (the metropolitan municipality for triage and referrals). */
  tenantId: string;
  departmentCode: string;
  /** The district holding the case's location, when it was placed. */
  districtTenantId?: string;
  explanation: RoutingExplanation;
}

export type RoutingDecision =
  | (DecisionBase & { outcome: 'routed' })
  | (DecisionBase & { outcome: 'triage'; reason: TriageReason })
  | (DecisionBase & {
      outcome: 'referred';
      institution: ExternalInstitution;
      /** What the citizen is told: the institution and how to reach it. */
      publicAnswer: LocalizedText;
    });

/** What routing reads about the world: the city's catalogue, its routing config and its geography. */
export interface RoutingContext {
  catalog: CityCatalog;
  config: RoutingConfig;
  locate: DistrictLocator;
  /** The receiving tenant's own setting for a work type (tenant administration), if it has one. */
  tenantSetting?: (tenantId: string, workTypeCode: string) => TenantWorkTypeSetting | undefined;
}

/** What a tenant's catalogue override says about routing: off, coordinator first, or referred outside. */
export interface TenantWorkTypeSetting {
  enabled: boolean;
  alwaysTriage: boolean;
  externalReferral?: { institutionId: string; note?: LocalizedText | undefined } | undefined;
}

/** What routing reads about a case. */
export interface RoutingRequest {
  workType: WorkType;
  location?: CaseLocation | undefined;
  description: string;
}

type Truth = boolean | undefined;

/** The citizen-facing answer of a referral, generated from the institution so that every referral reads alike. */
export function referralAnswer(institution: ExternalInstitution, note?: LocalizedText): LocalizedText {
  const how = {
    tr: institution.phone
      ? `Lütfen ${institution.name.tr} ile ${institution.phone} numarasından iletişime geçin.`
      : `Lütfen ${institution.name.tr} ile iletişime geçin${institution.web ? ` (${institution.web})` : ''}.`,
    en: institution.phone
      ? `Please contact ${institution.name.en} on ${institution.phone}.`
      : `Please contact ${institution.name.en}${institution.web ? ` (${institution.web})` : ''}.`,
  };
  return {
    tr: [
      `Başvurunuzun konusu ${institution.name.tr} sorumluluğundadır; belediye bu konuda işlem yapamadığı için başvurunuz kapatıldı.`,
      how.tr,
      note?.tr,
    ]
      .filter(Boolean)
      .join(' '),
    en: [
      `Your request concerns ${institution.name.en}, not the municipality, so we have closed it here.`,
      how.en,
      note?.en,
    ]
      .filter(Boolean)
      .join(' '),
  };
}

/** Indexes a config by work type once per city, so that each decision is a few map look-ups. */
function indexConfig(config: RoutingConfig, catalog: CityCatalog) {
  const byCode = <R extends { appliesTo: Parameters<typeof selectWorkTypes>[0] }>(rules: readonly R[]) => {
    const m = new Map<string, R>();
    for (const r of rules) for (const code of selectWorkTypes(r.appliesTo, catalog)) m.set(code, r);
    return m;
  };
  return {
    referrals: byCode(config.externalReferrals),
    triage: byCode(config.alwaysTriage),
    splits: byCode(config.splitRules),
    institutions: new Map(config.institutions.map((i) => [i.id, i])),
    overrides: config.departmentOverrides.map((o) => ({
      override: o,
      codes: o.appliesTo ? selectWorkTypes(o.appliesTo, catalog) : undefined,
    })),
  };
}
const indexCache = new WeakMap<RoutingConfig, ReturnType<typeof indexConfig>>();

/** Three-valued AND: false wins, then unknown. */
const and = (values: Truth[]): Truth =>
  values.includes(false) ? false : values.includes(undefined) ? undefined : true;

interface Facts {
  match?: DistrictMatch | undefined;
  road?: RoadFacts | undefined;
  description: string;
}

/** Evaluates a branch's conditions: true, false, or unknown with the inputs that were missing. */
function evaluate(
  when: SplitCondition,
  facts: Facts,
): { holds: Truth; missing: RoutingInput[]; keyword?: string } {
  const results: Truth[] = [];
  const missing = new Set<RoutingInput>();
  let keyword: string | undefined;
  const road = (list: string, wanted: boolean) => {
    const on = facts.road?.onList[list];
    if (on === undefined) missing.add('road');
    results.push(on === undefined ? undefined : on === wanted);
  };
  if (when.onRoadList) road(when.onRoadList, true);
  if (when.offRoadList) road(when.offRoadList, false);
  if (when.neighbourhoodKinds) {
    const kind = facts.match?.neighbourhood?.kind;
    if (!kind) missing.add('neighbourhood-kind');
    results.push(kind ? when.neighbourhoodKinds.includes(kind) : undefined);
  }
  if (when.districtTenantIds) {
    const d = facts.match?.districtTenantId;
    if (!d) missing.add('district');
    results.push(d ? when.districtTenantIds.includes(d) : undefined);
  }
  if (when.descriptionKeywords) {
    keyword = mentionsAny(facts.description, when.descriptionKeywords);
    results.push(keyword !== undefined);
  }
  const holds = and(results);
  return { holds, missing: holds === undefined ? [...missing] : [], ...(keyword ? { keyword } : {}) };
}

type SplitResult =
  | {
      kind: 'fired';
      branch: SplitBranch;
      keyword?: string;
      skipped: { branch: string; missing: RoutingInput[] }[];
    }
  | {
      kind: 'missing';
      branch: SplitBranch;
      missing: RoutingInput[];
      skipped: { branch: string; missing: RoutingInput[] }[];
    }
  | { kind: 'none'; skipped: { branch: string; missing: RoutingInput[] }[] };

/** Tries a split rule's branches in order; the first that holds decides. */
function applySplitRule(rule: SplitRule, facts: Facts): SplitResult {
  const skipped: { branch: string; missing: RoutingInput[] }[] = [];
  for (const branch of rule.branches) {
    const r = evaluate(branch.when, facts);
    if (r.holds === true)
      return { kind: 'fired', branch, ...(r.keyword ? { keyword: r.keyword } : {}), skipped };
    if (r.holds === undefined) {
      if (branch.ifUnknown === 'triage') return { kind: 'missing', branch, missing: r.missing, skipped };
      skipped.push({ branch: branch.id, missing: r.missing });
    }
  }
  return { kind: 'none', skipped };
}

const TRIAGE_TEXT: Record<TriageReason, LocalizedText> = {
  'always-triage': {
    tr: 'bu iş türü her zaman koordinatör değerlendirmesine gider',
    en: 'this work type always goes to a coordinator',
  },
  'district-unresolved': {
    tr: 'konumun ilçesi belirlenemedi',
    en: 'the district of the location could not be determined',
  },
  'split-rule-input-missing': {
    tr: 'bölünme kuralının ihtiyaç duyduğu bilgi eksik',
    en: 'information the split rule needs is missing',
  },
  'split-rule-triage': {
    tr: 'bölünme kuralı koordinatör kararı istiyor',
    en: 'the split rule asks for a coordinator',
  },
  'location-conflict': {
    tr: 'konum ile belirtilen mahalle farklı ilçelerde',
    en: 'the location and the named neighbourhood lie in different districts',
  },
  'tenant-disabled': {
    tr: 'sorumlu kurum bu iş türünü kapatmış',
    en: 'the responsible organisation has disabled this work type',
  },
  'tenant-always-triage': {
    tr: 'sorumlu kurum bu iş türünü her zaman koordinatöre gönderiyor',
    en: 'the responsible organisation sends this work type to a coordinator first',
  },
};

const INPUT_TEXT: Record<RoutingInput, LocalizedText> = {
  road: { tr: 'yol adı', en: 'road name' },
  'neighbourhood-kind': { tr: 'mahalle türü', en: 'neighbourhood kind' },
  district: { tr: 'ilçe', en: 'district' },
};

const METHOD_TEXT: Record<LocateMethod, LocalizedText> = {
  'district-polygon': { tr: 'ilçe sınırı', en: 'district boundary' },
  'neighbourhood-name': { tr: 'mahalle adı', en: 'neighbourhood name' },
  'neighbourhood-name-at-boundary': { tr: 'sınırdaki mahalle adı', en: 'neighbourhood name at the border' },
  'nearest-district-seat': { tr: 'en yakın ilçe merkezi', en: 'nearest district seat' },
};

/** One line in each language for the staff timeline, built from the explanation's facts. */
function summarise(
  e: Omit<RoutingExplanation, 'summary'>,
  outcome: RoutingDecision['outcome'],
  target: { tenant?: Tenant | undefined; departmentCode: string; institution?: ExternalInstitution },
  names: Map<string, Tenant>,
): LocalizedText {
  const tr: string[] = [];
  const en: string[] = [];
  if (outcome === 'referred' && target.institution) {
    tr.push(`Kurum dışı yönlendirme: ${target.institution.name.tr}.`);
    en.push(`Referred outside the platform: ${target.institution.name.en}.`);
  } else if (outcome === 'triage' && e.triage) {
    const t = TRIAGE_TEXT[e.triage.reason];
    tr.push(`Koordinatör triyajı: ${t.tr}.`);
    en.push(`Coordinator triage: ${t.en}.`);
    if (e.splitRule?.missing?.length) {
      tr.push(`Eksik: ${e.splitRule.missing.map((m) => INPUT_TEXT[m].tr).join(', ')}.`);
      en.push(`Missing: ${e.splitRule.missing.map((m) => INPUT_TEXT[m].en).join(', ')}.`);
    }
    if (e.triage.note) {
      tr.push(e.triage.note.tr);
      en.push(e.triage.note.en);
    }
  } else {
    const who = target.tenant?.shortName ?? '?';
    tr.push(`Yönlendirildi: ${who} / ${target.departmentCode}.`);
    en.push(`Routed to ${who} / ${target.departmentCode}.`);
  }
  if (e.rule === 'split-rule' && e.splitRule) {
    const { id, branch } = e.splitRule;
    if (branch) {
      tr.push(`Kural: ${id} → ${branch}.`);
      en.push(`Rule: ${id} → ${branch}.`);
    } else {
      tr.push(`Kural: ${id}; hiçbir dal uymadı, iş türünün varsayılanı (${e.workType.level}).`);
      en.push(`Rule: ${id}; no branch held, the work type's default (${e.workType.level}).`);
    }
  } else if (e.rule === 'work-type-level') {
    tr.push(`Kural: iş türünün sorumlu düzeyi (${e.workType.level}).`);
    en.push(`Rule: the work type's responsible level (${e.workType.level}).`);
  }
  const district = e.location?.districtTenantId
    ? names.get(e.location.districtTenantId)?.shortName
    : undefined;
  if (district && e.location?.method) {
    tr.push(
      `Konum: ${district} (${METHOD_TEXT[e.location.method].tr})${e.location.neighbourhood ? `, ${e.location.neighbourhood}` : ''}.`,
    );
    en.push(
      `Location: ${district} (${METHOD_TEXT[e.location.method].en})${e.location.neighbourhood ? `, ${e.location.neighbourhood}` : ''}.`,
    );
  }
  if (e.location?.road?.name) {
    const onSomeList = (e.location.road.onLists ?? []).length > 0;
    tr.push(`Yol: ${e.location.road.name}${onSomeList ? ' (listede)' : ''}.`);
    en.push(`Road: ${e.location.road.name}${onSomeList ? ' (listed)' : ''}.`);
  }
  if (e.departmentOverride) {
    tr.push(
      `Birim: ${e.departmentOverride.from} yerine ${e.departmentOverride.to} (${e.departmentOverride.id}).`,
    );
    en.push(
      `Department ${e.departmentOverride.to} instead of ${e.departmentOverride.from} (${e.departmentOverride.id}).`,
    );
  }
  return { tr: tr.join(' '), en: en.join(' ') };
}

/**
 * Decides who owns a new case, in this order:
 *
 * 1. an external referral for the work type closes it (REFERRED_EXTERNAL);
 * 2. an always-triage rule sends it to the metropolitan coordinators;
 * 3. the work type's split rule, if any, may change the level, department or
 *    outcome from the location, road, neighbourhood kind and description;
 *    a branch whose input is missing and that says `triage` sends it to triage;
 * 4. the level picks the tenant: metropolitan, the utility, or the district
 *    holding the location (triage when it cannot be placed, or when the point
 *    and the named neighbourhood disagree);
 * 5. the receiving tenant's own setting may refer the work type outside, send
 *    it to triage first, or have disabled it (triage);
 * 6. a department override of the receiving tenant may move it to another unit.
 *
 * Pure: the same inputs and config always give the same decision and explanation.
 */
export function decideRouting(context: RoutingContext, request: RoutingRequest): RoutingDecision {
  const { catalog, config, locate } = context;
  const { workType, location } = request;
  const index = indexCache.get(config) ?? indexConfig(config, catalog);
  indexCache.set(config, index);
  const tenants = new Map(catalog.tenants.map((t) => [t.id, t]));
  const metro = catalog.tenants.find((t) => t.type === 'metropolitan');
  if (!metro) throw new Error('catalogue without a metropolitan tenant');

  const match = location ? locate(location, location.neighbourhood) : undefined;
  const road = roadFacts(config.roadLists, {
    roadName: location?.roadName,
    address: location?.address,
    districtTenantId: match?.districtTenantId,
  });
  const facts: Facts = { match, road, description: request.description };
  const where: NonNullable<RoutingExplanation['location']> = {
    ...(match
      ? {
          districtTenantId: match.districtTenantId,
          method: match.method,
          ...(match.neighbourhood
            ? {
                neighbourhood: match.neighbourhood.name,
                neighbourhoodKind: match.neighbourhood.kind,
                neighbourhoodMatchedBy: match.neighbourhood.matchedBy,
              }
            : {}),
          ...(match.conflict ? { conflict: match.conflict } : {}),
        }
      : {}),
    ...(road ? { road: explainRoad(road) } : {}),
  };
  const base = {
    configVersion: config.version,
    workType: { code: workType.code, level: workType.tenantLevel, departmentCode: workType.departmentCode },
    // Left out rather than empty: timeline data becomes DynamoDB maps.
    ...(Object.keys(where).length > 0 ? { location: where } : {}),
  };
  const district = match ? { districtTenantId: match.districtTenantId } : {};

  const finish = (
    outcome: RoutingDecision['outcome'],
    e: Omit<RoutingExplanation, 'summary'>,
    target: {
      tenantId: string;
      departmentCode: string;
      institution?: ExternalInstitution;
      publicAnswer?: LocalizedText;
    },
  ): RoutingDecision => {
    const explanation: RoutingExplanation = {
      ...e,
      summary: summarise(e, outcome, { ...target, tenant: tenants.get(target.tenantId) }, tenants),
    };
    const common = {
      tenantId: target.tenantId,
      departmentCode: target.departmentCode,
      ...district,
      explanation,
    };
    if (outcome === 'referred' && target.institution && target.publicAnswer)
      return { ...common, outcome, institution: target.institution, publicAnswer: target.publicAnswer };
    if (outcome === 'triage') return { ...common, outcome, reason: e.triage?.reason ?? 'always-triage' };
    return { ...common, outcome: 'routed' };
  };
  const triage = (
    e: Omit<RoutingExplanation, 'summary' | 'triage'>,
    reason: TriageReason,
    note?: LocalizedText,
  ) =>
    finish(
      'triage',
      { ...e, triage: { reason, ...(note ? { note } : {}) } },
      {
        tenantId: metro.id,
        departmentCode: workType.departmentCode,
      },
    );
  const refer = (e: Omit<RoutingExplanation, 'summary'>, institutionId: string, note?: LocalizedText) => {
    const institution = index.institutions.get(institutionId);
    if (!institution)
      throw new Error(`routing config ${config.version}: unknown institution ${institutionId}`);
    return finish('referred', e, {
      tenantId: metro.id,
      departmentCode: config.frontOfficeDepartmentCode,
      institution,
      publicAnswer: referralAnswer(institution, note),
    });
  };

  // 1. Institutions outside the platform.
  const referral = index.referrals.get(workType.code);
  if (referral) {
    return refer(
      {
        ...base,
        rule: 'external-referral',
        referral: { ruleId: referral.id, institutionId: referral.institutionId },
      },
      referral.institutionId,
      referral.note,
    );
  }

  // 2. Work types a coordinator always looks at first.
  const always = index.triage.get(workType.code);
  if (always) return triage({ ...base, rule: 'always-triage' }, 'always-triage', always.reason);

  // 3. Split rules.
  let level: TenantType = workType.tenantLevel;
  let departmentCode = workType.departmentCode;
  let rule: RoutingRuleKind = 'work-type-level';
  let splitRule: RoutingExplanation['splitRule'];
  const split = index.splits.get(workType.code);
  if (split) {
    const r = applySplitRule(split, facts);
    rule = 'split-rule';
    splitRule = {
      id: split.id,
      basis: split.basis,
      ...(r.kind !== 'none' ? { branch: r.branch.id } : {}),
      ...(r.skipped.length ? { skipped: r.skipped } : {}),
      ...(r.kind === 'missing' ? { missing: r.missing } : {}),
      ...(r.kind === 'fired' && r.keyword ? { keyword: r.keyword } : {}),
    };
    if (r.kind === 'missing') return triage({ ...base, rule, splitRule }, 'split-rule-input-missing');
    if (r.kind === 'fired') {
      const outcome = r.branch.outcome;
      if ('refer' in outcome)
        return refer({ ...base, rule, splitRule }, outcome.refer.institutionId, outcome.refer.note);
      if ('triage' in outcome)
        return triage({ ...base, rule, splitRule }, 'split-rule-triage', outcome.triage.reason);
      level = outcome.route.level;
      departmentCode = outcome.route.departmentCode ?? workType.departmentCode;
    }
  }
  const decided = { ...base, rule, ...(splitRule ? { splitRule } : {}), level };

  // 4. The tenant of that level.
  let tenantId: string;
  if (level === 'metropolitan') tenantId = metro.id;
  else if (level === 'utility') {
    // Without a utility tenant the metropolitan municipality carries water and sewer itself (Law 5216 m.7).
    tenantId = (catalog.tenants.find((t) => t.type === 'utility') ?? metro).id;
  } else {
    if (!match) return triage(decided, 'district-unresolved');
    if (match.conflict) return triage(decided, 'location-conflict');
    tenantId = match.districtTenantId;
  }

  // 5. The receiving tenant's own settings for the work type.
  const setting = context.tenantSetting?.(tenantId, workType.code);
  if (setting?.externalReferral) {
    const { institutionId, note } = setting.externalReferral;
    return refer(
      { ...decided, rule: 'external-referral', referral: { ruleId: `tenant:${tenantId}`, institutionId } },
      institutionId,
      note,
    );
  }
  if (setting && !setting.enabled) return triage(decided, 'tenant-disabled');
  if (setting?.alwaysTriage) return triage(decided, 'tenant-always-triage');

  // 6. The receiving tenant's own department layout.
  const override = index.overrides.find(
    ({ override: o, codes }) =>
      o.tenantIds.includes(tenantId) &&
      (o.fromDepartmentCode === undefined || o.fromDepartmentCode === departmentCode) &&
      (codes === undefined || codes.has(workType.code)),
  )?.override;
  if (override && override.departmentCode !== departmentCode) {
    return finish(
      'routed',
      {
        ...decided,
        departmentOverride: {
          id: override.id,
          from: departmentCode,
          to: override.departmentCode,
          reason: override.reason,
        },
      },
      { tenantId, departmentCode: override.departmentCode },
    );
  }
  return finish('routed', decided, { tenantId, departmentCode });
}
