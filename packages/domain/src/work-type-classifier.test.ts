import { describe, expect, it } from 'vitest';
import { demoCityCatalog } from './demo-city.ts';
import {
  catalogueTrainingTexts,
  suggestWorkTypes,
  textFeatures,
  trainWorkTypeClassifier,
} from './work-type-classifier.ts';
import { workTypeClassifierModel } from './work-type-classifier-model.ts';

const catalog = demoCityCatalog();
const model = workTypeClassifierModel();
const top = (text: string, k = 3) => suggestWorkTypes(text, model, catalog, k).map((s) => s.code);

describe('textFeatures', () => {
  it('counts stems, long-stem prefixes, letter trigrams and neighbouring pairs, without stop words or numbers', () => {
    const f = textFeatures('Sokak lambaları 3 gündür yanmıyor ve');
    const words = [...f.keys()].filter((k) => !k.startsWith('#'));
    expect(words).toEqual([
      'sokak',
      'soka~',
      'sokak+lamb',
      'lamb',
      'lamb+gundur',
      'gundur',
      'gund~',
      'gundur+yanmiyor',
      'yanmiyor',
      'yanm~',
    ]);
    expect(f.get('sokak')).toBe(1);
    expect(f.get('soka~')).toBe(0.5);
    expect(f.get('sokak+lamb')).toBe(0.7);
    expect([...f.keys()].filter((k) => k.startsWith('#')).slice(0, 5)).toEqual([
      '#^so',
      '#sok',
      '#oka',
      '#kak',
      '#ak$',
    ]);
  });

  it('lets a misspelt word share most of its trigrams with the word meant', () => {
    const trigrams = (text: string) => [...textFeatures(text).keys()].filter((k) => k.startsWith('#'));
    const meant = new Set(trigrams('asfalt'));
    const typed = trigrams('asflat');
    expect(typed.filter((t) => meant.has(t)).length).toBeGreaterThanOrEqual(2);
  });
});

describe('suggestWorkTypes', () => {
  it('puts the obvious work type first for plain citizen phrasing, with or without Turkish letters', () => {
    expect(top('Sokak lambası yanmıyor')[0]).toBe('LIGHT-STREETLIGHT-OUT');
    expect(top('sokak lambasi yanmiyor')[0]).toBe('LIGHT-STREETLIGHT-OUT');
    expect(top('ÇÖPLER ALINMADI')[0]).toBe('WASTE-MISSED');
    expect(top('köpek saldırdı çocuğa')[0]).toBe('ANIMAL-STRAY-AGGRESSIVE');
  });

  it('tolerates typos in the words that matter', () => {
    expect(top('sokak lambsı yanmıyr')[0]).toBe('LIGHT-STREETLIGHT-OUT');
    expect(top('sokakta asflat cukr var')).toContain('ROAD-POTHOLE-LOCAL');
  });

  it('returns k suggestions, best first, scored between 0 and 1', () => {
    const s = suggestWorkTypes('sokakta çukur var', model, catalog, 5);
    expect(s).toHaveLength(5);
    for (const { score } of s) expect(score).toBeGreaterThan(0);
    for (const { score } of s) expect(score).toBeLessThanOrEqual(1);
    expect(s.map((x) => x.score)).toEqual(s.map((x) => x.score).sort((a, b) => b - a));
  });

  it('suggests nothing for text with nothing to go on', () => {
    expect(suggestWorkTypes('', model, catalog)).toEqual([]);
    expect(suggestWorkTypes('!!! 12345 ...', model, catalog)).toEqual([]);
    expect(suggestWorkTypes('ve bir de', model, catalog)).toEqual([]);
  });

  it("suggests only the catalogue's work types, and scores one the model never saw from its own name", () => {
    const withoutLights = catalog.workTypes.filter((w) => w.group !== 'LIGHT');
    expect(top('sokak lambası yanmıyor').some((c) => c.startsWith('LIGHT-'))).toBe(true);
    expect(
      suggestWorkTypes('sokak lambası yanmıyor', model, withoutLights).some((s) =>
        s.code.startsWith('LIGHT-'),
      ),
    ).toBe(false);
    const own = {
      code: 'CITY-FOUNTAIN-DRY',
      name: { tr: 'Süs havuzu / fıskiye çalışmıyor', en: 'Ornamental fountain not working' },
      group: 'PARK',
      keywords: ['fıskiye', 'süs havuzu'],
    };
    expect(suggestWorkTypes('meydandaki fıskiye çalışmıyor', model, [...catalog.workTypes, own], 1)).toEqual([
      { code: 'CITY-FOUNTAIN-DRY', score: expect.any(Number) },
    ]);
  });

  it('trains deterministically from weighted texts', () => {
    const docs = catalog.workTypes.slice(0, 20).map((w) => ({
      code: w.code,
      group: w.group,
      texts: catalogueTrainingTexts(w),
    }));
    expect(JSON.stringify(trainWorkTypeClassifier('x', docs))).toBe(
      JSON.stringify(trainWorkTypeClassifier('x', docs)),
    );
  });
});
