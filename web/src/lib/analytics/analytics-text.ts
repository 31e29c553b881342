import type { BacklogAgeBucket } from '@citydesk/domain';
import { m } from '#lib/paraglide/messages.js';
import type { DatePreset } from './analytics-filter.ts';

/*
 * Names of the dashboards' own vocabulary. Records, so that a new preset or age
 * bucket fails the type check until it has a text in both languages.
 */

const presetText: Record<DatePreset, () => string> = {
  today: m.analytics_preset_today,
  '7d': m.analytics_preset_7d,
  '30d': m.analytics_preset_30d,
  month: m.analytics_preset_month,
  week: m.analytics_preset_week,
};

const bucketText: Record<BacklogAgeBucket, () => string> = {
  '0-1d': m.analytics_age_0_1d,
  '1-3d': m.analytics_age_1_3d,
  '3-7d': m.analytics_age_3_7d,
  '7-30d': m.analytics_age_7_30d,
  '30d+': m.analytics_age_30d_plus,
};

export const presetLabel = (preset: DatePreset): string => presetText[preset]();
export const backlogBucketLabel = (bucket: BacklogAgeBucket): string => bucketText[bucket]();
