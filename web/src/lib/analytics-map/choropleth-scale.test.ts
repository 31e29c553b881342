import { describe, expect, it } from 'vitest';
import {
  type ChoroplethArea,
  clusterRadius,
  DENSITY_COLOURS,
  densityClasses,
  densityColour,
  dominantColour,
  EMPTY_COLOUR,
  GROUP_COLOURS,
  groupColours,
  OTHER_GROUP_COLOUR,
} from './choropleth-scale.ts';

const area = (areaId: string, created: number, code?: string): ChoroplethArea => ({
  areaId,
  name: areaId,
  created,
  dominantWorkType: code ? { code, name: { tr: code, en: code }, created: Math.max(1, created) } : null,
});

describe('density classes', () => {
  it('cuts at quantiles of the areas with cases and covers every count once', () => {
    const counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 200];
    const classes = densityClasses(counts);
    expect(classes).toHaveLength(5);
    expect(classes[0]?.min).toBe(1);
    expect(classes.at(-1)?.max).toBe(200);
    for (let i = 1; i < classes.length; i++) expect(classes[i]?.min).toBe((classes[i - 1]?.max ?? 0) + 1);
    expect(densityColour(0, classes)).toBe(EMPTY_COLOUR);
    expect(densityColour(1, classes)).toBe(DENSITY_COLOURS[0]);
    expect(densityColour(200, classes)).toBe(DENSITY_COLOURS[4]);
  });

  it('merges classes that coincide and keeps light and dark apart', () => {
    const classes = densityClasses([5, 5, 5, 9]);
    expect(classes.map((c) => [c.min, c.max])).toEqual([
      [5, 5],
      [6, 9],
    ]);
    expect(classes.map((c) => c.colour)).toEqual([DENSITY_COLOURS[0], DENSITY_COLOURS[4]]);
    expect(densityClasses([0, 0])).toEqual([]);
    expect(densityClasses([3])).toEqual([{ min: 3, max: 3, colour: DENSITY_COLOURS[4] }]);
  });
});

describe('dominant work type colours', () => {
  const groups: Record<string, string> = { POTHOLE: 'ROAD', LIGHT: 'LIGHTING', TREE: 'PARK', LEAK: 'WATER' };
  const groupOf = (code: string) => groups[code];

  it('gives the groups that dominate most areas the first colours', () => {
    const areas = [area('a', 3, 'POTHOLE'), area('b', 2, 'POTHOLE'), area('c', 1, 'LIGHT'), area('d', 0)];
    const colours = groupColours(areas, groupOf);
    expect(colours).toEqual([
      { group: 'ROAD', colour: GROUP_COLOURS[0], areas: 2 },
      { group: 'LIGHTING', colour: GROUP_COLOURS[1], areas: 1 },
    ]);
    expect(dominantColour(areas[2], colours, groupOf)).toBe(GROUP_COLOURS[1]);
    expect(dominantColour(areas[3], colours, groupOf)).toBe(EMPTY_COLOUR);
  });

  it('puts groups beyond the palette and unknown work types under one "other" colour', () => {
    const many = Array.from({ length: GROUP_COLOURS.length + 2 }, (_, i) => area(`a${i}`, 1, `W${i}`));
    const colours = groupColours([...many, area('x', 1, 'UNKNOWN')], (code) =>
      code === 'UNKNOWN' ? undefined : `G${code}`,
    );
    expect(colours).toHaveLength(GROUP_COLOURS.length + 1);
    expect(colours.at(-1)).toEqual({ group: '*', colour: OTHER_GROUP_COLOUR, areas: 3 });
  });
});

it('sizes clusters by the logarithm of their count', () => {
  expect(clusterRadius(1)).toBe(12);
  expect(clusterRadius(10)).toBe(17);
  expect(clusterRadius(1000)).toBe(27);
});
