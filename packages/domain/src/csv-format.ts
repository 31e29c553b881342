import * as z from 'zod';

/*
 * The tables every export writes (staff case lists, dashboard tables, open data) and
 * their CSV form. One shape for CSV and XLSX: columns say what kind of value they
 * hold, so the XLSX writer can store real dates and numbers, and the CSV writer can
 * format them for the reader (Excel in a Turkish locale, or a machine).
 */

export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** `?lang=tr|en` overrides Accept-Language: a download link carries no headers. */
export const ExportLanguage = z.enum(['tr', 'en']);

/** A cell: text, a number, a yes/no flag, an ISO 8601 instant (for `datetime` columns) or empty. */
export type TabularCell = string | number | boolean | null;

/**
 * What a column holds: decides the CSV formatting and the XLSX cell type. `percent`
 * cells hold fractions (0.25); headers of percent columns end in "(%)".
 */
export type TabularKind = 'text' | 'integer' | 'decimal' | 'percent' | 'datetime' | 'boolean';

export interface TabularColumn {
  /** A stable machine name (open-data field name; the XLSX column key). */
  key: string;
  /** The header row's text, in the reader's language. */
  header: string;
  kind: TabularKind;
}

/** A table ready to be written: headers and rows in column order. */
export interface Tabular {
  columns: TabularColumn[];
  rows: TabularCell[][];
}

/** A UTF-8 byte order mark: without it Excel reads UTF-8 as Windows-1254 and mangles ç, ğ, ı, ş. */
export const UTF8_BOM = '\uFEFF';

export interface CsvOptions {
  /**
   * Field separator. Staff exports use `;`: Excel under a Turkish locale uses the
   * comma as the decimal separator, so its list separator (what a double-clicked
   * .csv is split on) is `;`. Open data uses `,` (RFC 4180), for machines.
   */
  separator: ';' | ',';
  /** Decimal comma (`12,5`) for Turkish Excel; decimal point otherwise. */
  decimalComma: boolean;
  /**
   * `local`: datetimes as `YYYY-MM-DD HH:mm` in Türkiye time (UTC+3, no DST since 2016),
   * which Excel recognises as a date; `iso`: ISO 8601 in UTC, for machines.
   */
  datetimes: 'local' | 'iso';
  /** Yes/no texts of boolean cells. */
  booleans: { yes: string; no: string };
}

/** Staff exports: opened in Excel by people in Türkiye. */
export const excelCsvOptions = (lang: 'tr' | 'en'): CsvOptions => ({
  separator: ';',
  decimalComma: lang === 'tr',
  datetimes: 'local',
  booleans: lang === 'tr' ? { yes: 'Evet', no: 'Hayır' } : { yes: 'Yes', no: 'No' },
});

/** Open data: RFC 4180 with a comma, decimal points, ISO 8601 instants and true/false. */
export const machineCsvOptions: CsvOptions = {
  separator: ',',
  decimalComma: false,
  datetimes: 'iso',
  booleans: { yes: 'true', no: 'false' },
};

/** Türkiye's offset from UTC: +03:00 all year since 2016. */
export const TURKEY_UTC_OFFSET_MS = 3 * 60 * 60 * 1000;

/** `YYYY-MM-DD HH:mm` in Türkiye time. */
export function turkeyLocalDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + TURKEY_UTC_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text made inert for spreadsheets: a leading `=`, `+`, `-`, `@`, tab or carriage
 * return gets a `'` in front, so `=HYPERLINK(…)` in a neighbourhood or work-type name
 * is shown, never evaluated. Numbers are typed cells and never pass through here.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with the separator, a quote, CR or LF is quoted, its quotes doubled. */
function quoteField(text: string, separator: string): string {
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function formatCell(cell: TabularCell, kind: TabularKind, options: CsvOptions): string {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'boolean') return cell ? options.booleans.yes : options.booleans.no;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '';
    // Percent cells hold fractions (0.25); CSV shows the percentage (25), its header says "%".
    const value = kind === 'percent' ? Math.round(cell * 1000) / 10 : cell;
    const text = kind === 'integer' ? String(Math.round(value)) : String(Number(value.toFixed(6)));
    return options.decimalComma ? text.replace('.', ',') : text;
  }
  if (kind === 'datetime' && !Number.isNaN(Date.parse(cell)))
    return options.datetimes === 'local' ? turkeyLocalDateTime(cell) : new Date(cell).toISOString();
  return neutraliseFormula(cell);
}

/**
 * The table as CSV text: BOM, header row, CRLF line ends (RFC 4180), every text cell
 * quoted as needed and neutralised against formula injection.
 */
export function toCsv(table: Tabular, options: CsvOptions): string {
  const line = (cells: string[]) =>
    cells.map((c) => quoteField(c, options.separator)).join(options.separator);
  const lines = [line(table.columns.map((c) => neutraliseFormula(c.header)))];
  for (const row of table.rows)
    lines.push(line(table.columns.map((column, i) => formatCell(row[i] ?? null, column.kind, options))));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
