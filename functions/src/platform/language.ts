import type { Language } from '@citydesk/domain';

/**
 * Picks tr or en from an Accept-Language header by q-value. Turkish is the default:
 * it is the language of the city, and of anyone whose client sends no preference.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return 'tr';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return {
        base: tag.toLowerCase().split('-')[0],
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const r of ranked) {
    if (r.base === 'tr' || r.base === 'en') return r.base;
  }
  return 'tr';
}
