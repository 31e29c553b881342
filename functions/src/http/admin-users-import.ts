import { UserAccountExistsError } from '@citydesk/data';
import {
  type CheckedRow,
  canManageUser,
  checkImportRows,
  generateTemporaryPassword,
  type ImportIssue,
  type ImportOutcome,
  type Language,
  parseUserCsv,
  UserImportQuery,
  type UserImportReport,
  UserImportRequest,
  validationMessages,
} from '@citydesk/domain';
import { audit } from '#platform/case-access.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { userPool } from '../manifest.ts';
import {
  managedUser,
  recordInDirectory,
  requireUserAdministrator,
  targetTenant,
  tenantReference,
  userAccounts,
} from './admin-users-context.ts';

/*
 * Bulk import of users from CSV (POST /v1/admin/users/import?dryRun=true|false,
 * JSON body `{ "csv": "<the file's text>" }`). A dry run reports, per row, whether
 * it would be created or why not, and changes nothing. A real run creates the rows
 * that pass, one after another, and reports the same way. Re-running a file creates
 * nothing twice: a username that exists in the tenant is reported `exists` and
 * skipped. Imported users receive Cognito's invitation e-mail with their temporary
 * password (printed by cognito-local locally); the report never carries passwords.
 */

type Row = UserImportReport['rows'][number];

const localized = (issues: readonly ImportIssue[], lang: Language) =>
  issues.map((i) => ({ field: i.field, code: i.code, message: validationMessages[i.code][lang] }));

function reportRow(
  row: CheckedRow,
  outcome: ImportOutcome,
  issues: readonly ImportIssue[],
  lang: Language,
): Row {
  const c = row.candidate;
  return {
    line: row.line,
    ...(c ? { username: c.username } : row.values.username ? { username: row.values.username } : {}),
    ...(c ? { email: c.email } : row.values.email ? { email: row.values.email } : {}),
    ...(c
      ? { displayName: c.displayName }
      : row.values.displayName
        ? { displayName: row.values.displayName }
        : {}),
    ...(c ? { roles: c.roles } : {}),
    ...(c?.departmentCode ? { departmentCode: c.departmentCode } : {}),
    outcome,
    errors: localized(issues, lang),
  };
}

/**
 * Whether a checked row's user already exists: `exists` when the username is this
 * tenant's (a re-run), an `already-exists` error when the username belongs to
 * another tenant or the e-mail to another account. Cognito answers; the directory
 * is not trusted for this.
 */
async function existence(
  tenantId: string,
  candidate: NonNullable<CheckedRow['candidate']>,
): Promise<{ outcome: 'ok' | 'exists' | 'error'; issues: ImportIssue[] }> {
  const account = await userAccounts.get(candidate.username);
  if (account) {
    return account.tenantId === tenantId
      ? { outcome: 'exists', issues: [{ field: 'username', code: 'user-import.already-exists' }] }
      : { outcome: 'error', issues: [{ field: 'username', code: 'user-import.already-exists' }] };
  }
  const sameEmail = await userAccounts.usernamesWithEmail(candidate.email);
  if (sameEmail.length > 0)
    return { outcome: 'error', issues: [{ field: 'email', code: 'user-import.already-exists' }] };
  return { outcome: 'ok', issues: [] };
}

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  requireUserAdministrator(principal);
  const query = validate(UserImportQuery, req.event.queryStringParameters ?? {});
  const body = parseJsonBody(req, UserImportRequest);
  const tenantId = await targetTenant(principal, query.tenantId);
  const parsed = parseUserCsv(body.csv);
  const report: UserImportReport = {
    dryRun: query.dryRun,
    tenantId,
    delimiter: parsed.delimiter,
    fileErrors: localized(parsed.fileIssues, req.lang),
    rows: [],
    counts: { ok: 0, created: 0, exists: 0, error: 0 },
  };
  if (parsed.fileIssues.length > 0) return json(200, report, req.lang);

  const reference = await tenantReference(tenantId);
  const checked = checkImportRows(parsed.rows, {
    mayGrant: (roles) => canManageUser(principal, { tenantId, roles }),
    departments: reference.departments,
    neighbourhoods: reference.neighbourhoods,
  });
  const created: string[] = [];
  for (const row of checked) {
    if (!row.candidate) {
      report.rows.push(reportRow(row, 'error', row.issues, req.lang));
      continue;
    }
    const found = await existence(tenantId, row.candidate);
    if (found.outcome !== 'ok' || query.dryRun) {
      report.rows.push(reportRow(row, found.outcome, found.issues, req.lang));
      continue;
    }
    const c = row.candidate;
    try {
      const account = await userAccounts.create(
        {
          username: c.username,
          email: c.email,
          displayName: c.displayName,
          tenantId,
          temporaryPassword: generateTemporaryPassword(userPool.passwordPolicy),
          ...(c.neighbourhood ? { neighbourhood: c.neighbourhood } : {}),
          ...(c.departmentCode ? { departmentCode: c.departmentCode } : {}),
        },
        c.roles,
      );
      const user = managedUser({ ...account, tenantId });
      await recordInDirectory(user);
      await audit(req, principal, {
        action: 'user.invite',
        ownerTenantId: tenantId,
        details: {
          targetUserId: user.userId,
          username: user.username,
          tenantId,
          roles: user.roles,
          source: 'csv-import',
        },
      });
      created.push(user.username);
      report.rows.push(reportRow(row, 'created', [], req.lang));
    } catch (error) {
      // Created meanwhile (a parallel run of the same file): the row is there, once.
      if (!(error instanceof UserAccountExistsError)) throw error;
      report.rows.push(
        reportRow(row, 'exists', [{ field: 'username', code: 'user-import.already-exists' }], req.lang),
      );
    }
  }
  for (const row of report.rows) report.counts[row.outcome] = (report.counts[row.outcome] ?? 0) + 1;
  if (!query.dryRun) {
    await audit(req, principal, {
      action: 'user.import',
      ownerTenantId: tenantId,
      details: { tenantId, counts: report.counts, created },
    });
  }
  return json(200, report, req.lang);
});
