import cityJson from '../catalog/balikesir.json' with { type: 'json' };
import workTypesJson from '../catalog/work-types.json' with { type: 'json' };
import { type CityCatalog, parseCityCatalog } from './catalog.ts';

/*
 * JSON imports (not fs reads) so that the catalogue travels inside a Lambda bundle
 * and a Vite build alike. Kept out of index.ts so the portal does not ship 200 kB
 * of catalogue unless a page asks for it.
 */
let cached: CityCatalog | undefined;

/** The Balıkesir demo city's catalogue, validated once per process. */
export function demoCityCatalog(): CityCatalog {
  cached ??= parseCityCatalog(workTypesJson, cityJson, 'balikesir');
  return cached;
}
