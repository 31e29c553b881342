import {
  type MatchTerm,
  matchTerm,
  matchTerms,
  type PublicCatalog,
  type TermMatch,
  TURKISH_STOP_WORDS,
} from '@citydesk/domain';

export type PublicWorkType = PublicCatalog['workTypes'][number];

interface IndexedWorkType {
  workType: PublicWorkType;
  /** Words of the name in the visitor's language: matches here rank first. */
  primary: MatchTerm[];
  /** Words of the name in the other language, the keywords and the group's names. */
  secondary: MatchTerm[];
}

export interface WorkTypeGroupMatch {
  code: string;
  name: PublicCatalog['groups'][number]['name'];
  workTypes: PublicWorkType[];
}

/** Points for a query word by how it meets a word of the name (first word, later word) or of the rest. */
const NAME_FIRST: Record<TermMatch, number> = { exact: 8, prefix: 8, stem: 7, root: 4, infix: 4 };
const NAME_LATER: Record<TermMatch, number> = { exact: 6, prefix: 6, stem: 5, root: 3, infix: 4 };
const SECONDARY: Record<TermMatch, number> = { exact: 3, prefix: 3, stem: 2.5, root: 1.5, infix: 1 };
const RANK: Record<TermMatch, number> = { exact: 5, prefix: 4, stem: 3, root: 2, infix: 1 };

/** The best way `query` meets any of `words`, and at which position. */
function bestMatch(query: MatchTerm, words: MatchTerm[]): { match: TermMatch; index: number } | undefined {
  let best: { match: TermMatch; index: number } | undefined;
  words.forEach((word, index) => {
    const match = matchTerm(query, word);
    if (match && (!best || RANK[match] > RANK[best.match])) best = { match, index };
  });
  return best;
}

/**
 * Builds a search over the catalogue's work types, Turkish-aware (see turkish-text in
 * the domain package): case and Turkish letters do not matter ("ÇUKUR", "cukur"),
 * nor do inflections ("çukurlar", "ağaçlar budanmalı" finds "Ağaç budama talebi").
 * Every query word except filler words ("bir", "var"…) must meet the work type
 * (names in both languages, keywords, its group's names): the same word, the start
 * of one, the same stem, a shared root or, for compounds, a part of one. Results
 * keep the catalogue's group order and, within a group, put the best matches first.
 */
export function createWorkTypeSearch(
  catalog: Pick<PublicCatalog, 'groups' | 'workTypes'>,
  locale: 'tr' | 'en',
) {
  const other = locale === 'tr' ? 'en' : 'tr';
  const groupNames = new Map(catalog.groups.map((g) => [g.code, g.name]));
  const index: IndexedWorkType[] = catalog.workTypes.map((workType) => {
    const group = groupNames.get(workType.group);
    return {
      workType,
      primary: matchTerms(workType.name[locale]),
      secondary: matchTerms(
        [workType.name[other], ...workType.keywords, group?.tr ?? '', group?.en ?? ''].join(' '),
      ),
    };
  });

  function score(entry: IndexedWorkType, words: MatchTerm[]): number {
    let total = 0;
    for (const word of words) {
      const inName = bestMatch(word, entry.primary);
      if (inName) {
        total += (inName.index === 0 ? NAME_FIRST : NAME_LATER)[inName.match];
        continue;
      }
      const elsewhere = bestMatch(word, entry.secondary);
      if (!elsewhere) return 0;
      total += SECONDARY[elsewhere.match];
    }
    return total;
  }

  return {
    /** Matching work types grouped by catalogue group; an empty query lists them all. */
    search(query: string): WorkTypeGroupMatch[] {
      const all = matchTerms(query);
      // "sokakta bir çukur var": look for the subject words; a query of filler words only is taken as typed.
      const meaningful = all.filter((w) => !TURKISH_STOP_WORDS.has(w.folded));
      const words = meaningful.length > 0 ? meaningful : all;
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
