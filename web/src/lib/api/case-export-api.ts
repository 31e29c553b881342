import type { ExportFormat } from '@citydesk/domain';
import type { QueueQuery } from '#lib/cases/queue-filters.ts';
import { getLocale } from '#lib/paraglide/runtime.js';
import { SessionExpiredError } from './authed-fetch.ts';

/*
 * The staff case-list export (`GET /v1/staff/cases/export`). The route wants the
 * staff Bearer token like every staff call, so a plain link cannot fetch it: the file
 * is fetched with the token and handed to the browser as a blob link, clicked once.
 */

/** The export was refused or failed; `message` is the API's localized title when it sent one. */
export class ExportDownloadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ExportDownloadError';
  }
}

/** The file name of a Content-Disposition header (RFC 6266: `filename*` first). */
export function dispositionFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: the plain name below.
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1]?.trim() || undefined;
}

/** The export's address for the queue's filters (the same parameters as the queue itself). */
export function caseExportPath(query: QueueQuery, format: ExportFormat): string {
  const params = new URLSearchParams({ format, lang: getLocale() === 'en' ? 'en' : 'tr' });
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return `/v1/staff/cases/export?${params}`;
}

/** Downloads the filtered case list; resolves with the number of rows and whether the cap cut it. */
export async function downloadCaseExport(
  query: QueueQuery,
  format: ExportFormat,
  idToken: () => Promise<string | null>,
): Promise<{ rows: number; truncated: boolean }> {
  const token = await idToken();
  if (!token) throw new SessionExpiredError();
  const response = await fetch(caseExportPath(query, format), {
    headers: { Authorization: `Bearer ${token}`, 'Accept-Language': getLocale() },
    credentials: 'same-origin',
  });
  if (!response.ok) {
    let title = '';
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const body = (await response.json().catch(() => ({}))) as { title?: unknown };
      if (typeof body.title === 'string') title = body.title;
    }
    throw new ExportDownloadError(title, response.status);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download =
    dispositionFileName(response.headers.get('content-disposition')) ?? `kent-masasi-basvurular.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return {
    rows: Number(response.headers.get('x-export-rows') ?? 0),
    truncated: response.headers.has('x-export-truncated'),
  };
}
