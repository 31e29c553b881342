import type { AreaGeometry } from '@citydesk/domain';

/*
 * Reading the files a platform operator uploads, before anything is sent: a city
 * configuration document and a boundary in GeoJSON. Only what the browser can say
 * for sure is checked here (is it JSON at all, is it a polygon); whether the
 * document holds together is the server's call, with every problem located.
 */

/** Why a file was not even sent. `line`/`column` locate a JSON syntax error when the browser says where. */
export type UploadProblem =
  | { kind: 'not-json'; reason: string; line?: number; column?: number }
  | { kind: 'empty' }
  | { kind: 'not-an-object' }
  | { kind: 'not-a-polygon'; found: string };

export type ReadResult<T> = { ok: true; value: T } | { ok: false; problem: UploadProblem };

/** Locates a JSON.parse error: V8 says "at position N" (and newer ones "line L column C"). */
function locate(text: string, message: string): { line?: number; column?: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (!position) return {};
  const before = text.slice(0, Number(position[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Parses a file's text as a JSON object (a configuration document or a GeoJSON object). */
export function parseJsonObject(text: string): ReadResult<Record<string, unknown>> {
  if (text.trim() === '') return { ok: false, problem: { kind: 'empty' } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { kind: 'not-json', reason, ...locate(text, reason) } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, problem: { kind: 'not-an-object' } };
  return { ok: true, value: value as Record<string, unknown> };
}

const isArea = (value: unknown): value is AreaGeometry =>
  typeof value === 'object' &&
  value !== null &&
  ((value as { type?: unknown }).type === 'Polygon' ||
    (value as { type?: unknown }).type === 'MultiPolygon') &&
  Array.isArray((value as { coordinates?: unknown }).coordinates);

/**
 * A boundary from a GeoJSON file: a Polygon or MultiPolygon geometry, or a Feature
 * (or a FeatureCollection of exactly one Feature, as most GIS tools export) holding
 * one. Rings, closure and self-intersections are checked by the server, which says
 * which segment crosses which and where.
 */
export function readBoundary(text: string): ReadResult<AreaGeometry> {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  let candidate: unknown = parsed.value;
  const type = (candidate as { type?: unknown }).type;
  if (type === 'FeatureCollection') {
    const features = (candidate as { features?: unknown }).features;
    if (!Array.isArray(features) || features.length !== 1)
      return {
        ok: false,
        problem: {
          kind: 'not-a-polygon',
          found: `FeatureCollection (${Array.isArray(features) ? features.length : 0})`,
        },
      };
    candidate = features[0];
  }
  if ((candidate as { type?: unknown } | null)?.type === 'Feature')
    candidate = (candidate as { geometry?: unknown }).geometry;
  if (isArea(candidate))
    return { ok: true, value: { type: candidate.type, coordinates: candidate.coordinates } as AreaGeometry };
  const found = (candidate as { type?: unknown } | null)?.type;
  return { ok: false, problem: { kind: 'not-a-polygon', found: typeof found === 'string' ? found : '—' } };
}
