import { describe, expect, it } from 'vitest';
import { parseJsonObject, readBoundary } from './uploaded-documents.ts';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [30, 38],
      [30.1, 38],
      [30.1, 38.1],
      [30, 38.1],
      [30, 38],
    ],
  ],
};

describe('parseJsonObject', () => {
  it('locates a syntax error by line and column', () => {
    const result = parseJsonObject('{\n  "schema": 1,\n  "city": {,\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject({ kind: 'not-json', line: 3 });
    expect(result.problem.kind === 'not-json' && result.problem.column).toBeGreaterThan(1);
  });

  it('refuses an empty file and a top-level array', () => {
    expect(parseJsonObject('  \n')).toEqual({ ok: false, problem: { kind: 'empty' } });
    expect(parseJsonObject('[1, 2]')).toEqual({ ok: false, problem: { kind: 'not-an-object' } });
  });

  it('returns the object', () => {
    expect(parseJsonObject('{"schema": 1}')).toEqual({ ok: true, value: { schema: 1 } });
  });
});

describe('readBoundary', () => {
  it('takes a bare Polygon or MultiPolygon', () => {
    expect(readBoundary(JSON.stringify(square))).toEqual({ ok: true, value: square });
    const multi = { type: 'MultiPolygon', coordinates: [square.coordinates] };
    expect(readBoundary(JSON.stringify(multi))).toEqual({ ok: true, value: multi });
  });

  it('unwraps a Feature and a one-feature collection, dropping foreign members', () => {
    const feature = {
      type: 'Feature',
      properties: { name: 'Doğu' },
      geometry: { ...square, bbox: [0, 0, 1, 1] },
    };
    expect(readBoundary(JSON.stringify(feature))).toEqual({ ok: true, value: square });
    const collection = { type: 'FeatureCollection', features: [feature] };
    expect(readBoundary(JSON.stringify(collection))).toEqual({ ok: true, value: square });
  });

  it('names what it found when it is not an area', () => {
    const point = { type: 'Feature', geometry: { type: 'Point', coordinates: [30, 38] } };
    expect(readBoundary(JSON.stringify(point))).toEqual({
      ok: false,
      problem: { kind: 'not-a-polygon', found: 'Point' },
    });
    const two = { type: 'FeatureCollection', features: [point, point] };
    expect(readBoundary(JSON.stringify(two))).toEqual({
      ok: false,
      problem: { kind: 'not-a-polygon', found: 'FeatureCollection (2)' },
    });
  });
});
