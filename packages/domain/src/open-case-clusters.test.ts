import { describe, expect, it } from 'vitest';
import {
  clusterCellDegrees,
  clusterPoints,
  inMapBox,
  MAX_MAP_POINTS,
  type OpenCaseMapPoint,
  openCaseMap,
  POINTS_FROM_ZOOM,
} from './open-case-clusters.ts';

const point = (i: number, over: Partial<OpenCaseMapPoint> = {}): OpenCaseMapPoint => ({
  id: `case-${String(i).padStart(4, '0')}`,
  trackingNo: `0000-0000-${String(i).padStart(4, '0')}`,
  lat: 39.64 + (i % 10) * 0.0001,
  lon: 27.88 + Math.floor(i / 10) * 0.0001,
  workTypeCode: 'YOL-001',
  workTypeName: { tr: 'Yol', en: 'Road' },
  status: 'ROUTED',
  priority: 'normal',
  overdue: false,
  ...over,
});

describe('open-case clusters', () => {
  it('puts nearby cases in one cluster at their mean position and keeps distant ones apart', () => {
    const near = [
      { lat: 39.6401, lon: 27.8801 },
      { lat: 39.6403, lon: 27.8803 },
    ];
    const far = { lat: 39.3, lon: 28.5 };
    const clusters = clusterPoints([...near, far], 10, 40);
    expect(clusters).toEqual([
      { lat: 39.6402, lon: 27.8802, count: 2 },
      { lat: 39.3, lon: 28.5, count: 1 },
    ]);
  });

  it('counts every case exactly once whatever the zoom', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      lat: 39 + ((i * 7919) % 1000) / 600,
      lon: 27 + ((i * 104_729) % 1000) / 400,
    }));
    for (const zoom of [0, 5, 8, 11, 13]) {
      const clusters = clusterPoints(many, zoom, 40);
      expect(clusters.reduce((s, c) => s + c.count, 0)).toBe(1000);
    }
    // Finer grids as the map zooms in: never fewer clusters.
    expect(clusterPoints(many, 12, 40).length).toBeGreaterThan(clusterPoints(many, 8, 40).length);
  });

  it('anchors the grid at 0°, so a cluster does not depend on the box asked for', () => {
    const cell = clusterCellDegrees(11, 40);
    expect(cell.lon).toBeCloseTo(360 / 2048 / 4);
    expect(cell.lat).toBeLessThan(cell.lon);
    const pts = [
      { lat: 39.65, lon: 27.88 },
      { lat: 39.651, lon: 27.881 },
    ];
    expect(clusterPoints(pts, 11, 40)).toEqual(clusterPoints([...pts].reverse(), 11, 40));
  });

  it('tests box membership with the edges included', () => {
    const box = { south: 39, west: 27, north: 40, east: 28 };
    expect(inMapBox({ lat: 39, lon: 27 }, box)).toBe(true);
    expect(inMapBox({ lat: 40, lon: 28 }, box)).toBe(true);
    expect(inMapBox({ lat: 40.00001, lon: 27.5 }, box)).toBe(false);
    expect(inMapBox({ lat: 39.5, lon: 26.9 }, box)).toBe(false);
  });

  it('answers clusters below the point zoom and flags an incomplete read', () => {
    const found = Array.from({ length: 30 }, (_, i) => point(i));
    const zoomedOut = openCaseMap(found, { zoom: POINTS_FROM_ZOOM - 1, gridLat: 40, complete: false });
    expect(zoomedOut.points).toEqual([]);
    expect(zoomedOut.clusters.reduce((s, c) => s + c.count, 0)).toBe(30);
    expect(zoomedOut.truncated).toBe(true);
  });

  it('answers points at the point zoom, most urgent first, capped', () => {
    const found = [
      ...Array.from({ length: MAX_MAP_POINTS }, (_, i) => point(i, { priority: 'low' })),
      point(9001, { priority: 'urgent' }),
      point(9002, { overdue: true, priority: 'low' }),
    ];
    const answer = openCaseMap(found, { zoom: POINTS_FROM_ZOOM, gridLat: 40, complete: true });
    expect(answer.clusters).toEqual([]);
    expect(answer.points).toHaveLength(MAX_MAP_POINTS);
    expect(answer.points.slice(0, 2).map((p) => p.id)).toEqual(['case-9002', 'case-9001']);
    expect(answer.truncated).toBe(true);
    const few = openCaseMap(found.slice(0, 3), { zoom: 16, gridLat: 40, complete: true });
    expect(few).toMatchObject({ truncated: false });
    expect(few.points).toHaveLength(3);
  });
});
