import { foldTurkish } from './geo.ts';
import type { DesignatedRoad, RoadList } from './routing-config.ts';

/*
 * Matching what people type ("Milli Kuvvetler Cd. No:12", "gazi blv", "D200")
 * against designated road lists. Turkish addresses abbreviate the road type in
 * many ways; folding and expanding them lets one list entry match them all.
 */

/** Abbreviations and inflections of road types, folded (foldTurkish), mapped to one spelling. */
const ROAD_TYPE_TOKENS: Readonly<Record<string, string>> = {
  cad: 'caddesi',
  cd: 'caddesi',
  cadde: 'caddesi',
  caddesi: 'caddesi',
  bul: 'bulvari',
  bulv: 'bulvari',
  blv: 'bulvari',
  bulvar: 'bulvari',
  bulvari: 'bulvari',
  sok: 'sokak',
  sk: 'sokak',
  sokak: 'sokak',
  sokagi: 'sokak',
  meydan: 'meydani',
  meydani: 'meydani',
  mah: 'mahallesi',
  mh: 'mahallesi',
  mahalle: 'mahallesi',
  mahallesi: 'mahallesi',
  yol: 'yolu',
  yolu: 'yolu',
};

/** Folds Turkish letters and case and expands road-type abbreviations: "Gazi Blv." → "gazi bulvari". */
export function normaliseRoadText(text: string): string {
  return foldTurkish(text)
    .split(' ')
    .map((t) => ROAD_TYPE_TOKENS[t] ?? t)
    .join(' ');
}

/** True when `phrase` occurs in `text` as whole words (both normalised). */
const containsPhrase = (text: string, phrase: string) => ` ${text} `.includes(` ${phrase} `);

/** Whether a road of a list covers a located district: unknown (undefined) when the district is not known. */
function coversDistrict(road: DesignatedRoad, districtTenantId: string | undefined): boolean | undefined {
  if (!road.districtTenantIds) return true;
  if (!districtTenantId) return undefined;
  return road.districtTenantIds.includes(districtTenantId);
}

export interface RoadFacts {
  /** Where the road came from: the case's road name (conclusive) or its free-text address. */
  source: 'road-name' | 'address';
  /** The road as the case gave it (road name), or the list road found in the address. */
  name?: string;
  /** Per road list id: on it (true), known not to be on it (false), or undefined when that cannot be told. */
  onList: Record<string, boolean | undefined>;
  /** Per road list id, the list entry that matched. */
  matched: Record<string, string>;
}

/**
 * What the case says about its road, against every road list.
 *
 * - A road name is conclusive either way.
 * - A free-text address that names a street ("sokak", "sk.") is about that
 *   street: Turkish addresses run from the general to the specific (mahalle,
 *   cadde, sokak, number), so "Atatürk Cad. 12. Sokak No:5" is on the sokak, and
 *   main arteries are avenues, boulevards and squares, never a sokak. Off every list.
 * - Otherwise an address that contains a listed road is on that list.
 * - Anything else stays unknown, and the split rule decides what unknown means.
 */
export function roadFacts(
  lists: readonly RoadList[],
  input: {
    roadName?: string | undefined;
    address?: string | undefined;
    districtTenantId?: string | undefined;
  },
): RoadFacts | undefined {
  const fromName = input.roadName?.trim();
  const text = fromName ?? input.address?.trim();
  if (!text) return undefined;
  const normalised = normaliseRoadText(text);
  const facts: RoadFacts = { source: fromName ? 'road-name' : 'address', onList: {}, matched: {} };
  if (fromName) facts.name = fromName;
  const namesALocalStreet = !fromName && containsPhrase(normalised, 'sokak');
  for (const list of lists) {
    if (namesALocalStreet) {
      facts.onList[list.id] = false;
      continue;
    }
    let status: boolean | undefined = fromName ? false : undefined;
    for (const road of list.roads) {
      const spellings = [road.name, ...road.aliases].map(normaliseRoadText);
      if (!spellings.some((s) => containsPhrase(normalised, s))) continue;
      const covers = coversDistrict(road, input.districtTenantId);
      if (covers === true) {
        status = true;
        facts.matched[list.id] = road.name;
        facts.name ??= road.name;
        break;
      }
      // Same name, but the designation covers other districts (or we do not know where we are).
      if (covers === undefined) status = undefined;
    }
    facts.onList[list.id] = status;
  }
  return facts;
}

/**
 * Whether a description mentions any of the keywords, Turkish-folded. A keyword
 * matches whole words; a trailing `*` makes it a prefix ("boru*" matches
 * "borusu"), because Turkish inflects by suffix. Multi-word phrases are allowed.
 */
export function mentionsAny(description: string, keywords: readonly string[]): string | undefined {
  const text = ` ${foldTurkish(description)} `;
  return keywords.find((k) => {
    const prefix = k.endsWith('*');
    const folded = foldTurkish(prefix ? k.slice(0, -1) : k);
    return folded.length > 0 && text.includes(prefix ? ` ${folded}` : ` ${folded} `);
  });
}

/**
 * Road facts as recorded in a routing explanation: lists by verdict, empty
 * parts left out (timeline data is stored as DynamoDB maps and lists, and an
 * empty map or list is better not written at all).
 */
export interface RoadExplanation {
  source: RoadFacts['source'];
  name?: string;
  /** Road lists the road is on. */
  onLists?: string[];
  /** Road lists the road is known not to be on. */
  offLists?: string[];
  /** Per road list id, the list entry that matched. */
  matched?: Record<string, string>;
}

/** The explanation form of road facts. */
export function explainRoad(facts: RoadFacts): RoadExplanation {
  const entries = Object.entries(facts.onList);
  const on = entries.filter(([, v]) => v === true).map(([k]) => k);
  const off = entries.filter(([, v]) => v === false).map(([k]) => k);
  return {
    source: facts.source,
    ...(facts.name ? { name: facts.name } : {}),
    ...(on.length ? { onLists: on } : {}),
    ...(off.length ? { offLists: off } : {}),
    ...(Object.keys(facts.matched).length ? { matched: facts.matched } : {}),
  };
}
