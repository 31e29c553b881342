import { CsvError, parse } from 'csv-parse/sync';
import * as z from 'zod';
import { foldTurkish } from './geo.ts';
import type { Role } from './principal.ts';
import { TenantId } from './tenant.ts';
import { DisplayName, UserDepartmentCode, Username } from './user-administration.ts';
import type { ValidationMessageKey } from './validation-messages.ts';

/*
 * Bulk import of staff users from a CSV file, as a tenant's personnel office keeps it
 * in Excel. Excel in Turkey saves CSV with `;` (the comma is the decimal mark) and,
 * as "CSV UTF-8", with a byte-order mark; others send `,`. Quoted fields may hold
 * separators, quotes and line breaks. Turkish headers and role names are accepted
 * besides the English ones. The parse and the row checks are pure: which users
 * already exist is the caller's to find out, and it passes the answer in.
 */

/** At most this many rows per file: each row costs a few Cognito admin calls. */
export const MAX_IMPORT_ROWS = 500;

/** JSON body of POST /v1/admin/users/import: the file's text (UTF-8, BOM allowed). */
export const UserImportRequest = z
  .object({ csv: z.string().min(1, { error: 'user-import.empty' }).max(60_000) })
  .strict()
  .meta({ id: 'UserImportRequest' });
export type UserImportRequest = z.infer<typeof UserImportRequest>;

/** `dryRun` (default true) only reports; `tenantId` is for platform operators importing a tenant's administrators. */
export const UserImportQuery = z
  .object({ dryRun: z.enum(['true', 'false']).default('true'), tenantId: TenantId.optional() })
  .strict()
  .transform((q) => ({ dryRun: q.dryRun === 'true', ...(q.tenantId ? { tenantId: q.tenantId } : {}) }));

/** The columns of a user file, and the header names accepted for each (folded, without spaces). */
export const IMPORT_COLUMNS = {
  username: ['username', 'kullaniciadi', 'kullanici', 'login'],
  email: ['email', 'eposta', 'mail', 'epostaadresi'],
  displayName: ['name', 'displayname', 'adsoyad', 'adisoyadi', 'adsoyadi', 'isim', 'fullname'],
  roles: ['roles', 'role', 'rol', 'roller', 'gorev'],
  departmentCode: ['department', 'departmentcode', 'birim', 'birimkodu', 'departman'],
  neighbourhood: ['neighbourhood', 'neighborhood', 'mahalle'],
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;
const REQUIRED_COLUMNS: ImportColumn[] = ['username', 'email', 'displayName', 'roles'];

/** Role names as people write them: the codes, and the portal's Turkish labels (folded). */
const ROLE_NAMES: Record<string, Role> = {
  agent: 'agent',
  temsilci: 'agent',
  'cagri merkezi temsilcisi': 'agent',
  coordinator: 'coordinator',
  koordinator: 'coordinator',
  staff: 'staff',
  personel: 'staff',
  'birim personeli': 'staff',
  supervisor: 'supervisor',
  sorumlu: 'supervisor',
  'birim sorumlusu': 'supervisor',
  manager: 'manager',
  yonetici: 'manager',
  admin: 'admin',
  'sistem yoneticisi': 'admin',
  muhtar: 'muhtar',
  platform: 'platform',
  'platform operatoru': 'platform',
};

/** Why a row (or the file) cannot be imported: a message key, and the column it concerns. */
export interface ImportIssue {
  field: ImportColumn | 'file';
  code: ValidationMessageKey;
}

/** One data row of the file, by column, with its line number in the file (header = 1). */
export interface ImportRow {
  line: number;
  values: Partial<Record<ImportColumn, string>>;
}

export interface ParsedUserFile {
  delimiter: ',' | ';';
  rows: ImportRow[];
  /** Problems with the file as a whole (unreadable, missing columns, too many rows): nothing is imported. */
  fileIssues: ImportIssue[];
}

const headerKey = (header: string) => foldTurkish(header).replace(/\s+/g, '');

/**
 * The separator: whichever of `;` and `,` the header line holds more of. A header has
 * no reason to quote either, and a data row might ("Yılmaz, Ayşe").
 */
function detectDelimiter(text: string): ',' | ';' {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Parses the file's text into rows by column. Never throws on bad input: problems come back as issues. */
export function parseUserCsv(text: string): ParsedUserFile {
  const withoutBom = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(withoutBom);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(withoutBom, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError)
      return { delimiter, rows: [], fileIssues: [{ field: 'file', code: 'user-import.unreadable' }] };
    throw error;
  }
  const [header, ...data] = records;
  if (!header) return { delimiter, rows: [], fileIssues: [{ field: 'file', code: 'user-import.empty' }] };
  const columns = header.record.map((name) => {
    const key = headerKey(name);
    return (Object.keys(IMPORT_COLUMNS) as ImportColumn[]).find((column) =>
      (IMPORT_COLUMNS[column] as readonly string[]).includes(key),
    );
  });
  const fileIssues: ImportIssue[] = REQUIRED_COLUMNS.filter((c) => !columns.includes(c)).map((c) => ({
    field: c,
    code: 'user-import.missing-column',
  }));
  if (data.length === 0 && fileIssues.length === 0)
    fileIssues.push({ field: 'file', code: 'user-import.empty' });
  if (data.length > MAX_IMPORT_ROWS) fileIssues.push({ field: 'file', code: 'user-import.too-many-rows' });
  const rows = data.map(({ record, info }) => {
    const values: Partial<Record<ImportColumn, string>> = {};
    record.forEach((value, i) => {
      const column = columns[i];
      if (column && value !== '' && values[column] === undefined) values[column] = value;
    });
    // info.lines is the line the record ended on; a quoted line break makes a record span lines.
    return { line: info.lines, values };
  });
  return { delimiter, rows, fileIssues };
}

/** What a row's checks need to know about the tenant the users are imported into. */
export interface ImportContext {
  /** Roles the importing principal may give in this tenant (see `grantableRoles`, `canManageUser`). */
  mayGrant: (roles: readonly Role[]) => boolean;
  /** Department codes by folded code and folded name, e.g. `fen` and `fen isleri mudurlugu` → `FEN`. */
  departments: ReadonlyMap<string, string>;
  /** The tenant's neighbourhoods (for muhtars) by folded name → the catalogue's spelling. */
  neighbourhoods: ReadonlyMap<string, string>;
}

/** A row as it will be created. */
export interface ImportCandidate {
  username: string;
  email: string;
  displayName: string;
  roles: Role[];
  departmentCode?: string;
  neighbourhood?: string;
}

/** One row's verdict: a candidate, or the reasons it cannot be imported. */
export type CheckedRow =
  | { line: number; values: ImportRow['values']; candidate: ImportCandidate; issues: [] }
  | { line: number; values: ImportRow['values']; candidate?: undefined; issues: ImportIssue[] };

const Email = z.email().max(254);

function parseRoles(raw: string): { roles: Role[]; unknown: boolean } {
  const names = raw
    .split(/[|/+,;]/)
    .map((r) => foldTurkish(r))
    .filter(Boolean);
  const roles = names.map((n) => ROLE_NAMES[n]);
  return {
    roles: [...new Set(roles.filter((r): r is Role => r !== undefined))],
    unknown: roles.some((r) => r === undefined),
  };
}

/**
 * Checks every row on its own (formats, known roles, departments and
 * neighbourhoods, roles the importer may give), then across the file: a username
 * or e-mail seen on an earlier row makes the later row a duplicate.
 */
export function checkImportRows(rows: readonly ImportRow[], context: ImportContext): CheckedRow[] {
  const seenUsernames = new Set<string>();
  const seenEmails = new Set<string>();
  return rows.map(({ line, values }) => {
    const issues: ImportIssue[] = [];
    const username = values.username?.toLocaleLowerCase('en') ?? '';
    if (!Username.safeParse(username).success)
      issues.push({ field: 'username', code: 'user-import.invalid-username' });
    const email = values.email?.toLocaleLowerCase('en') ?? '';
    if (!Email.safeParse(email).success) issues.push({ field: 'email', code: 'user-import.invalid-email' });
    const name = DisplayName.safeParse(values.displayName ?? '');
    if (!name.success) issues.push({ field: 'displayName', code: 'user-import.missing-name' });

    const { roles, unknown } = parseRoles(values.roles ?? '');
    if (unknown) issues.push({ field: 'roles', code: 'user-import.unknown-role' });
    else if (roles.length === 0) issues.push({ field: 'roles', code: 'user-import.missing-role' });
    else if (!context.mayGrant(roles)) issues.push({ field: 'roles', code: 'user-import.role-not-allowed' });

    let departmentCode: string | undefined;
    if (values.departmentCode) {
      departmentCode = context.departments.get(foldTurkish(values.departmentCode));
      if (!departmentCode || !UserDepartmentCode.safeParse(departmentCode).success)
        issues.push({ field: 'departmentCode', code: 'user-import.unknown-department' });
    }

    let neighbourhood: string | undefined;
    const isMuhtar = roles.includes('muhtar');
    if (values.neighbourhood && !isMuhtar) {
      issues.push({ field: 'neighbourhood', code: 'user-import.neighbourhood-only-muhtar' });
    } else if (isMuhtar && !values.neighbourhood) {
      issues.push({ field: 'neighbourhood', code: 'user-import.neighbourhood-required' });
    } else if (values.neighbourhood) {
      neighbourhood = context.neighbourhoods.get(foldTurkish(values.neighbourhood));
      if (!neighbourhood) issues.push({ field: 'neighbourhood', code: 'user-import.unknown-neighbourhood' });
    }

    // Duplicates are judged on the normalised values, so "Ayse" and "ayse" collide.
    if (username && seenUsernames.has(username))
      issues.push({ field: 'username', code: 'user-import.duplicate-in-file' });
    if (email && seenEmails.has(email))
      issues.push({ field: 'email', code: 'user-import.duplicate-in-file' });
    if (username) seenUsernames.add(username);
    if (email) seenEmails.add(email);

    if (issues.length > 0 || !name.success) return { line, values, issues };
    return {
      line,
      values,
      issues: [],
      candidate: {
        username,
        email,
        displayName: name.data,
        roles,
        ...(departmentCode ? { departmentCode } : {}),
        ...(neighbourhood ? { neighbourhood } : {}),
      },
    };
  });
}

/** A row's outcome in the report: `ok` (dry run: would be created), `created`, `exists` or `error`. */
export const ImportOutcome = z.enum(['ok', 'created', 'exists', 'error']);
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const UserImportReport = z
  .object({
    dryRun: z.boolean(),
    tenantId: z.string(),
    delimiter: z.enum([',', ';']),
    /** Problems with the whole file; when present, no row was looked at. */
    fileErrors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
    rows: z.array(
      z.object({
        line: z.number().int(),
        username: z.string().optional(),
        email: z.string().optional(),
        displayName: z.string().optional(),
        roles: z.array(z.string()).optional(),
        departmentCode: z.string().optional(),
        outcome: ImportOutcome,
        errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
      }),
    ),
    counts: z.record(ImportOutcome, z.number().int()),
  })
  .meta({ id: 'UserImportReport' });
export type UserImportReport = z.infer<typeof UserImportReport>;
