import type { ChoroplethResponse } from '@citydesk/domain';

/*
 * Colours of the analytics map (docs/domain/maps.md). Density: up to five classes of
 * "cases opened", cut at quantiles of the areas that have any, because a city centre
 * has many times the cases of a village and equal steps would paint all but one
 * area the palest colour. Dominant work type: one colour per subject group, in a
 * palette that colour-blind readers can tell apart (Okabe–Ito); the legend and the
 * table say the same in words, so colour is never the only carrier.
 */

export type ChoroplethArea = ChoroplethResponse['areas'][number];
export type MapMeasure = 'density' | 'dominant';

/** Light to dark blue (ColorBrewer Blues, 5 classes): readable in print and in grey. */
export const DENSITY_COLOURS = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;
/** Areas without a case in the range, or without figures at all. */
export const EMPTY_COLOUR = '#f7f7f7';
/** Okabe–Ito, without black (the outlines) and yellow (too pale on white). */
export const GROUP_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#7a5c00',
] as const;
/** Groups beyond the palette share one neutral colour and one legend entry. */
export const OTHER_GROUP_COLOUR = '#8c8c8c';

export interface DensityClass {
  min: number;
  max: number;
  colour: string;
}

/**
 * Density classes of a set of counts: quantile breaks over the areas with cases,
 * merged where they coincide, so each class covers a distinct range. Empty when no
 * area has a case.
 */
export function densityClasses(counts: readonly number[]): DensityClass[] {
  const values = counts.filter((c) => c > 0).sort((a, b) => a - b);
  if (values.length === 0) return [];
  const n = DENSITY_COLOURS.length;
  const uppers: number[] = [];
  for (let i = 1; i <= n; i++) {
    const upper = values[Math.min(values.length - 1, Math.ceil((i * values.length) / n) - 1)] as number;
    if (uppers.at(-1) !== upper) uppers.push(upper);
  }
  // Spread the classes over the palette's range, so two classes are light and dark, not two lights.
  const pick = (i: number) =>
    DENSITY_COLOURS[uppers.length === 1 ? n - 1 : Math.round((i * (n - 1)) / (uppers.length - 1))] as string;
  return uppers.map((max, i) => ({
    min: i === 0 ? (values[0] as number) : (uppers[i - 1] as number) + 1,
    max,
    colour: pick(i),
  }));
}

/** The colour of a count among the classes. */
export function densityColour(count: number, classes: readonly DensityClass[]): string {
  if (count <= 0) return EMPTY_COLOUR;
  return classes.find((c) => count <= c.max)?.colour ?? classes.at(-1)?.colour ?? EMPTY_COLOUR;
}

export interface GroupColour {
  group: string;
  colour: string;
  /** Areas this group dominates. */
  areas: number;
}

/**
 * One colour per subject group that dominates some area, the groups that dominate
 * the most areas first (they get the most distinct colours); the rest share
 * {@link OTHER_GROUP_COLOUR} under the group `*`.
 */
export function groupColours(
  areas: readonly ChoroplethArea[],
  groupOf: (workTypeCode: string) => string | undefined,
): GroupColour[] {
  const counts = new Map<string, number>();
  for (const a of areas) {
    if (!a.dominantWorkType) continue;
    const group = groupOf(a.dominantWorkType.code) ?? '*';
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .filter(([g]) => g !== '*')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const named = ranked.slice(0, GROUP_COLOURS.length).map(([group, n], i) => ({
    group,
    colour: GROUP_COLOURS[i] as string,
    areas: n,
  }));
  const rest = ranked.slice(GROUP_COLOURS.length).reduce((s, [, n]) => s + n, 0) + (counts.get('*') ?? 0);
  return rest > 0 ? [...named, { group: '*', colour: OTHER_GROUP_COLOUR, areas: rest }] : named;
}

/** The colour of an area's dominant work type's group. */
export function dominantColour(
  area: ChoroplethArea | undefined,
  colours: readonly GroupColour[],
  groupOf: (workTypeCode: string) => string | undefined,
): string {
  if (!area?.dominantWorkType) return EMPTY_COLOUR;
  const group = groupOf(area.dominantWorkType.code);
  return colours.find((c) => c.group === group)?.colour ?? OTHER_GROUP_COLOUR;
}

/** Pixel radius of a cluster marker: grows with the logarithm of its count, so a thousand does not hide a town. */
export function clusterRadius(count: number): number {
  return Math.round(12 + 5 * Math.log10(Math.max(1, count)));
}
