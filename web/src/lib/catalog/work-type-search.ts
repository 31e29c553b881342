import type { PublicCatalog } from '@citydesk/domain';
import { foldTurkish } from './turkish-fold.ts';

export type PublicWorkType = PublicCatalog['workTypes'][number];

interface IndexedWorkType {
  workType: PublicWorkType;
  /** Folded name in the visitor's language: matches here rank first. */
  primary: string;
  /** Folded name in the other language, keywords and group names. */
  secondary: string;
}

export interface WorkTypeGroupMatch {
  code: string;
  name: PublicCatalog['groups'][number]['name'];
  workTypes: PublicWorkType[];
}

/**
 * Builds a search over the catalogue's work types. Every query word must occur in
 * the work type (names in both languages, keywords, its group's name), as a word
 * prefix or anywhere inside; results keep the catalogue's group order and, within
 * a group, put names that start with the query first.
 */
export function createWorkTypeSearch(catalog: PublicCatalog, locale: 'tr' | 'en') {
  const other = locale === 'tr' ? 'en' : 'tr';
  const groupNames = new Map(catalog.groups.map((g) => [g.code, g.name]));
  const index: IndexedWorkType[] = catalog.workTypes.map((workType) => {
    const group = groupNames.get(workType.group);
    return {
      workType,
      primary: foldTurkish(workType.name[locale]),
      secondary: foldTurkish(
        [workType.name[other], ...workType.keywords, group?.tr ?? '', group?.en ?? ''].join(' '),
      ),
    };
  });

  function score(entry: IndexedWorkType, words: string[]): number {
    let total = 0;
    for (const word of words) {
      const inPrimary = entry.primary.indexOf(word);
      if (inPrimary === 0) total += 8;
      else if (inPrimary > 0 && entry.primary[inPrimary - 1] === ' ') total += 6;
      else if (inPrimary > 0) total += 4;
      else {
        const inSecondary = entry.secondary.indexOf(word);
        if (inSecondary < 0) return 0;
        total += inSecondary === 0 || entry.secondary[inSecondary - 1] === ' ' ? 3 : 1;
      }
    }
    return total;
  }

  return {
    /** Matching work types grouped by catalogue group; an empty query lists them all. */
    search(query: string): WorkTypeGroupMatch[] {
      const words = foldTurkish(query).split(' ').filter(Boolean);
      const scored = index
        .map((entry, order) => ({ entry, order, score: words.length === 0 ? 1 : score(entry, words) }))
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score || a.order - b.order);
      const byGroup = new Map<string, PublicWorkType[]>();
      for (const { entry } of scored) {
        const list = byGroup.get(entry.workType.group) ?? [];
        list.push(entry.workType);
        byGroup.set(entry.workType.group, list);
      }
      // Groups in the order of their best match, so the likeliest answer is on top.
      return [...byGroup.entries()].map(([code, workTypes]) => ({
        code,
        name: groupNames.get(code) ?? { tr: code, en: code },
        workTypes,
      }));
    },
  };
}
