import type { Tabular } from '@citydesk/domain';
import { excelCsvOptions } from '@citydesk/domain';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { contentDisposition, tabularResponse, toXlsx } from './tabular-export.ts';

const table: Tabular = {
  columns: [
    { key: 'no', header: 'Takip numarası', kind: 'text' },
    { key: 'at', header: 'Başvuru tarihi', kind: 'datetime' },
    { key: 'n', header: 'Adet', kind: 'integer' },
    { key: 'p', header: 'Pay (%)', kind: 'percent' },
    { key: 'late', header: 'Süresi geçti', kind: 'boolean' },
    { key: 'hood', header: 'Mahalle', kind: 'text' },
  ],
  rows: [
    ['4827-3915-0266', '2026-12-07T09:05:00.000Z', 3, 0.25, true, 'Çağış Şükrüpaşa İğdecik'],
    ['1111-2222-3333', null, 0, null, false, '=cmd|calc'],
  ],
};

/** exceljs' load() types want an ArrayBuffer-backed Buffer. */
async function toXlsxArrayBuffer(...args: Parameters<typeof toXlsx>): Promise<ArrayBuffer> {
  const bytes = await toXlsx(...args);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('XLSX export', () => {
  it('reads back with exceljs: frozen, filtered header, real dates and numbers, Turkish text', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await toXlsxArrayBuffer(table, 'Başvurular', { yes: 'Evet', no: 'Hayır' }));
    const sheet = workbook.getWorksheet('Başvurular');
    expect(sheet).toBeDefined();
    if (!sheet) return;
    expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns.map((c) => c.header)]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeDefined();
    const date = sheet.getCell('B2').value;
    expect(date).toBeInstanceOf(Date);
    // Türkiye's wall clock (UTC+3) as the spreadsheet shows it.
    expect((date as Date).toISOString()).toBe('2026-12-07T12:05:00.000Z');
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getCell('C2').value).toBe(3);
    expect(sheet.getCell('D2').value).toBe(0.25);
    expect(sheet.getCell('D2').numFmt).toBe('0.0%');
    expect(sheet.getCell('E2').value).toBe('Evet');
    expect(sheet.getCell('F2').value).toBe('Çağış Şükrüpaşa İğdecik');
    // A string cell, never a formula.
    expect(sheet.getCell('F3').value).toBe('=cmd|calc');
    expect(sheet.getCell('F3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.rowCount).toBe(3);
  });

  it('answers base64 XLSX and text CSV with a download name', async () => {
    const options = {
      fileStem: 'kent-masasi-basvurular-2026-12-07',
      sheetName: 'x',
      lang: 'tr' as const,
      csv: excelCsvOptions('tr'),
    };
    const xlsx = await tabularResponse(table, { ...options, format: 'xlsx' });
    expect(xlsx.isBase64Encoded).toBe(true);
    expect(Buffer.from(String(xlsx.body), 'base64').subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.headers?.['content-disposition']).toContain('kent-masasi-basvurular-2026-12-07.xlsx');
    const csv = await tabularResponse(table, { ...options, format: 'csv' });
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(csv.body)).toContain("'=cmd|calc");
  });

  it('gives non-ASCII file names an RFC 5987 form', () => {
    expect(contentDisposition('açık-veri.csv')).toBe(
      `attachment; filename="acik-veri.csv"; filename*=UTF-8''a%C3%A7%C4%B1k-veri.csv`,
    );
  });
});
