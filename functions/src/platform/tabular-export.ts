import {
  type CsvOptions,
  type ExportFormat,
  type Language,
  type Tabular,
  type TabularKind,
  TURKEY_UTC_OFFSET_MS,
  toCsv,
} from '@citydesk/domain';
import ExcelJS from 'exceljs';
import type { HttpResult } from './http-handler.ts';

/*
 * Writes export tables (packages/domain csv-format.ts) as CSV or XLSX responses. The
 * XLSX is made with exceljs: a header row, frozen and filtered, dates as real date
 * cells (in Türkiye time: spreadsheet dates have no zone), numbers as numbers. Text
 * cells are stored as strings, which a spreadsheet never evaluates, so they need no
 * formula neutralising (the CSV writer does that).
 */

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const NUMBER_FORMATS: Partial<Record<TabularKind, string>> = {
  integer: '0',
  decimal: '0.0##',
  percent: '0.0%',
  datetime: 'yyyy-mm-dd hh:mm',
};

/** A spreadsheet date showing Türkiye's wall-clock time (exceljs writes Date values as UTC). */
const turkeyWallClock = (iso: string) => new Date(Date.parse(iso) + TURKEY_UTC_OFFSET_MS);

/** Column widths that fit the header and a typical value, within reason. */
function widthOf(table: Tabular, index: number): number {
  const column = table.columns[index];
  if (!column) return 10;
  if (column.kind === 'datetime') return Math.max(17, column.header.length + 2);
  let longest = column.header.length;
  for (const row of table.rows.slice(0, 200)) longest = Math.max(longest, String(row[index] ?? '').length);
  return Math.min(60, Math.max(8, longest + 2));
}

/** The table as an .xlsx workbook of one sheet. */
export async function toXlsx(
  table: Tabular,
  sheetName: string,
  booleans: { yes: string; no: string },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kent Masası';
  workbook.created = new Date();
  // Sheet names: at most 31 characters, none of : \ / ? * [ ]
  const sheet = workbook.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.columns.map((c, i) => ({
    header: c.header,
    key: c.key,
    width: widthOf(table, i),
    ...(NUMBER_FORMATS[c.kind] ? { style: { numFmt: NUMBER_FORMATS[c.kind] } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(
      table.columns.map((column, i) => {
        const cell = row[i] ?? null;
        if (cell === null || cell === '') return null;
        if (column.kind === 'datetime' && typeof cell === 'string' && !Number.isNaN(Date.parse(cell)))
          return turkeyWallClock(cell);
        if (typeof cell === 'boolean') return cell ? booleans.yes : booleans.no;
        return cell;
      }),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `attachment; filename="…"` with an RFC 5987 UTF-8 name for non-ASCII file names. */
export function contentDisposition(fileName: string): string {
  // Dotless and dotted I have no decomposition: spell them as ASCII i and I first.
  const ascii = fileName
    .replaceAll('ı', 'i')
    .replaceAll('İ', 'I')
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * An export as an HTTP response: CSV as text, XLSX base64-encoded (API Gateway and
 * the local gateway decode `isBase64Encoded` bodies). `headers` adds e.g. the
 * truncation flag and cache policy.
 */
export async function tabularResponse(
  table: Tabular,
  options: {
    format: ExportFormat;
    fileStem: string;
    sheetName: string;
    lang: Language;
    csv: CsvOptions;
    headers?: Record<string, string>;
  },
): Promise<HttpResult> {
  const fileName = `${options.fileStem}.${options.format}`;
  const headers = {
    'content-type': CONTENT_TYPES[options.format],
    'content-disposition': contentDisposition(fileName),
    'content-language': options.lang,
    vary: 'Accept-Language',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...options.headers,
  };
  if (options.format === 'csv') return { statusCode: 200, headers, body: toCsv(table, options.csv) };
  const body = await toXlsx(table, options.sheetName, options.csv.booleans);
  return { statusCode: 200, headers, body: body.toString('base64'), isBase64Encoded: true };
}
