import { describe, expect, it } from 'vitest';
import {
  excelCsvOptions,
  machineCsvOptions,
  neutraliseFormula,
  type Tabular,
  toCsv,
  UTF8_BOM,
} from './csv-format.ts';

const table = (rows: Tabular['rows'], kinds: Tabular['columns'][number]['kind'][] = ['text']): Tabular => ({
  columns: kinds.map((kind, i) => ({ key: `c${i}`, header: `Başlık ${i}`, kind })),
  rows,
});

describe('CSV for exports', () => {
  it('starts with a BOM and ends lines with CRLF (RFC 4180)', () => {
    const csv = toCsv(table([['a'], ['b']]), machineCsvOptions);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('Başlık 0\r\na\r\nb\r\n');
  });

  it('keeps Turkish characters as UTF-8 text', () => {
    const csv = toCsv(table([['Çığ düştü, İğneada şöyle: ÖÜ']]), excelCsvOptions('tr'));
    expect(csv).toContain('Çığ düştü, İğneada şöyle: ÖÜ');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes separators, quotes and line breaks, doubling quotes', () => {
    const csv = toCsv(table([['a;b'], ['say "hi"'], ['two\nlines'], ['a,b']]), excelCsvOptions('tr'));
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('"a;b"');
    expect(lines[2]).toBe('"say ""hi"""');
    expect(csv).toContain('"two\nlines"');
    // A comma is no separator in the `;` dialect: left alone.
    expect(csv).toContain('\r\na,b\r\n');
    expect(toCsv(table([['a,b']]), machineCsvOptions)).toContain('"a,b"');
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'neutralises a cell starting a formula: %j',
    (text) => {
      const csv = toCsv(table([[text]]), machineCsvOptions);
      const cell = csv.slice(1).split('\r\n').slice(1).join('\r\n');
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    },
  );

  it('leaves numbers alone (a negative number is a number, not a formula)', () => {
    const csv = toCsv(table([[-3.5]], ['decimal']), machineCsvOptions);
    expect(csv.slice(1)).toBe('Başlık 0\r\n-3.5\r\n');
  });

  it('writes decimals with a comma for Turkish Excel and percentages from fractions', () => {
    const csv = toCsv(table([[12.25, 0.256, 7]], ['decimal', 'percent', 'integer']), excelCsvOptions('tr'));
    expect(csv.slice(1).split('\r\n')[1]).toBe('12,25;25,6;7');
    const en = toCsv(table([[12.25, 0.256, 7]], ['decimal', 'percent', 'integer']), excelCsvOptions('en'));
    expect(en.slice(1).split('\r\n')[1]).toBe('12.25;25.6;7');
  });

  it('writes datetimes in Türkiye time for Excel and as ISO UTC for machines', () => {
    const rows = [['2026-12-07T09:05:00.000Z', true, null]];
    const kinds = ['datetime', 'boolean', 'text'] as const;
    expect(
      toCsv(table(rows, [...kinds]), excelCsvOptions('tr'))
        .slice(1)
        .split('\r\n')[1],
    ).toBe('2026-12-07 12:05;Evet;');
    expect(
      toCsv(table(rows, [...kinds]), machineCsvOptions)
        .slice(1)
        .split('\r\n')[1],
    ).toBe('2026-12-07T09:05:00.000Z,true,');
  });
});
