import type { WorkTypeOverride } from '@citydesk/domain';
import type { StandardWorkType } from '#lib/api/tenant-settings-api.ts';
import { foldTurkish } from '#lib/catalog/turkish-fold.ts';

/*
 * The rows of the work-type override table: each standard work type with the
 * tenant's override beside it, a Turkish-aware search over code, names and keywords,
 * and the edits that keep the override list minimal (an override that says nothing
 * the standard does not already say is dropped rather than stored).
 */

export interface WorkTypeRow {
  workType: StandardWorkType;
  override: WorkTypeOverride | undefined;
  /** Folded code, names in both languages and keywords, for the search. */
  haystack: string;
}

export function workTypeRows(
  workTypes: readonly StandardWorkType[],
  overrides: readonly WorkTypeOverride[],
): WorkTypeRow[] {
  const byCode = new Map(overrides.map((o) => [o.workTypeCode, o]));
  return workTypes.map((workType) => ({
    workType,
    override: byCode.get(workType.code),
    haystack: foldTurkish(
      [workType.code, workType.name.tr, workType.name.en, ...workType.keywords].join(' '),
    ),
  }));
}

/** Rows matching every word of the query ("cukur" finds "çukur", "IŞIK" finds "ışık"). */
export function filterWorkTypeRows(
  rows: readonly WorkTypeRow[],
  query: string,
  onlyOverridden = false,
): WorkTypeRow[] {
  const words = foldTurkish(query).split(' ').filter(Boolean);
  return rows.filter(
    (row) => (!onlyOverridden || row.override) && words.every((word) => row.haystack.includes(word)),
  );
}

/** True when an override changes nothing: enabled, no own values, no questions, no referral. */
export function isEmptyOverride(o: WorkTypeOverride): boolean {
  return (
    o.enabled &&
    !o.alwaysTriage &&
    o.departmentCode === undefined &&
    o.slaHours === undefined &&
    o.priority === undefined &&
    o.externalReferral === undefined &&
    o.questions.length === 0
  );
}

/**
 * The override list with one work type's override replaced (or removed when
 * `next` is undefined or empty), keeping the others in their order so that the
 * API's error paths (`3.slaHours`) still point at the rows the admin sees.
 */
export function withOverride(
  overrides: readonly WorkTypeOverride[],
  code: string,
  next: WorkTypeOverride | undefined,
): { list: WorkTypeOverride[]; index: number } {
  const keep = next && !isEmptyOverride(next);
  const at = overrides.findIndex((o) => o.workTypeCode === code);
  if (at >= 0) {
    const list = [...overrides];
    if (keep) list[at] = next;
    else list.splice(at, 1);
    return { list, index: keep ? at : -1 };
  }
  return keep ? { list: [...overrides, next], index: overrides.length } : { list: [...overrides], index: -1 };
}

/** The SLA hours a tenant works a work type with: its own, else the standard. */
export const effectiveSlaHours = (row: Pick<WorkTypeRow, 'workType' | 'override'>): number =>
  row.override?.slaHours ?? row.workType.slaHours;
