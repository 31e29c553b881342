import { staffSession } from '#lib/auth/staff-session.svelte.ts';
import { getLocale } from '#lib/paraglide/runtime.js';

/*
 * A dashboard table's CSV or XLSX file. The export route wants the staff Bearer
 * token like every staff call, so a plain link cannot fetch it: the file is fetched
 * with the token and handed to the browser as a blob link, clicked once.
 */

/** The export could not be made; `message` is the API's own localized title when it sent one. */
export class TableDownloadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'TableDownloadError';
  }
}

/** The file name of a Content-Disposition header (RFC 6266, `filename*` first). */
export function attachmentFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || undefined;
}

export async function downloadTableFile(path: string, fallbackName: string): Promise<void> {
  const token = await staffSession.idToken();
  if (!token) throw new TableDownloadError('', 401);
  const response = await fetch(path, {
    headers: {
      Authorization: `Bearer ${token}`,
      'Accept-Language': getLocale(),
      Accept:
        'text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/problem+json',
    },
    credentials: 'same-origin',
  });
  if (!response.ok) {
    let title = '';
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const body = (await response.json().catch(() => ({}))) as { title?: unknown };
      if (typeof body.title === 'string') title = body.title;
    }
    throw new TableDownloadError(title, response.status);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachmentFileName(response.headers.get('content-disposition')) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
