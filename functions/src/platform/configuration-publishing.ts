import {
  ConfigurationVersionConflictError,
  type ConfigurationVersionInfo,
  TenantIdTakenError,
} from '@citydesk/data';
import {
  type CityConfiguration,
  CityConfiguration as CityConfigurationSchema,
  ConfigurationError,
  checkCityConfiguration,
  type Principal,
} from '@citydesk/domain';
import { configurationRepository } from './city-runtime.ts';
import type { HttpRequest } from './http-handler.ts';
import { ProblemError } from './problem-details.ts';
import { toFieldErrors } from './zod-issues.ts';

/*
 * The one way configuration changes: an edit is a function from the version the
 * editor started from to the next document. The result is validated as a whole
 * (schema and every cross-reference), published as a new version conditionally on
 * the current one, and audited in the same transaction.
 *
 * Concurrency: if someone else published meanwhile, the edit is re-applied to the
 * newest version, but only when the part it replaces is the same there as in the
 * version the editor saw (`touches`); otherwise the editor gets 409 and reloads.
 * So an admin of Karesi is not blocked by an admin of Altıeylül saving at the same
 * time, yet two people editing the same section never silently overwrite each other.
 */

const MAX_REBASES = 3;

export interface ConfigurationEdit {
  cityId: string;
  /** The version the editor loaded; undefined only when onboarding a new city. */
  expectedVersion: number | undefined;
  /** Produces the next document from a base (the expected version, or a newer one when rebasing). */
  apply: (base: CityConfiguration | undefined) => unknown;
  /** The part of the document the edit replaces, for the rebase check; absent: never rebase. */
  touches?: (config: CityConfiguration) => unknown;
  summary: string;
  action: string;
  tenantId?: string;
  principal: Principal;
  req: HttpRequest;
}

export const configurationConflict = (currentVersion: number | undefined) =>
  new ProblemError(
    'configuration-conflict',
    {
      tr: 'Bu ayarlar siz düzenlerken değişti. Güncel hâlini yükleyip değişikliğinizi yeniden yapın.',
      en: 'These settings changed while you were editing. Reload them and make your change again.',
    },
    [],
    { currentVersion },
  );

/** Validates a whole document: 400 for its shape, 422 with every located problem for its content. */
export function validateConfiguration(document: unknown): CityConfiguration {
  const parsed = CityConfigurationSchema.safeParse(document, { reportInput: true });
  if (!parsed.success) {
    throw new ProblemError(
      'validation-failed',
      {
        tr: 'Ayar belgesi beklenen biçimde değil; ayrıntılar errors listesinde.',
        en: 'The settings document is not in the expected shape; see the errors list.',
      },
      toFieldErrors(parsed.error.issues),
    );
  }
  const issues = checkCityConfiguration(parsed.data);
  if (issues.length > 0) throw invalidConfiguration(new ConfigurationError(issues));
  return parsed.data;
}

const invalidConfiguration = (error: ConfigurationError) =>
  new ProblemError(
    'configuration-invalid',
    {
      tr: 'Ayarlar kaydedilmedi: aşağıdaki sorunları düzeltin.',
      en: 'The settings were not saved: fix the problems below.',
    },
    error.issues,
  );

async function loadVersion(cityId: string, version: number): Promise<CityConfiguration> {
  const stored = await configurationRepository.get<CityConfiguration>(cityId, version);
  if (!stored) throw configurationConflict(await configurationRepository.currentVersion(cityId));
  return stored.document;
}

/** Applies, validates and publishes an edit; returns the new version and its document. */
export async function publishConfiguration(
  edit: ConfigurationEdit,
): Promise<{ info: ConfigurationVersionInfo; config: CityConfiguration }> {
  const { principal, req } = edit;
  const seen =
    edit.expectedVersion === undefined ? undefined : await loadVersion(edit.cityId, edit.expectedVersion);
  let base = seen;
  let baseVersion = edit.expectedVersion;
  for (let attempt = 0; ; attempt++) {
    const config = validateConfiguration(edit.apply(base));
    if (config.city.id !== edit.cityId)
      throw new ProblemError('validation-failed', undefined, [
        {
          path: 'city.id',
          message: {
            tr: `Belge ${config.city.id} şehrine ait, bu istek ${edit.cityId} için.`,
            en: `The document is for ${config.city.id}; this request is for ${edit.cityId}.`,
          },
        },
      ]);
    try {
      const http = req.event.requestContext.http;
      const info = await configurationRepository.publish({
        cityId: edit.cityId,
        cityName: config.city.name,
        expectedVersion: baseVersion,
        document: config,
        tenantIds: config.tenants.map((t) => t.id),
        summary: edit.summary,
        ...(edit.tenantId ? { tenantId: edit.tenantId } : {}),
        audit: {
          actor: {
            userId: principal.userId,
            ...(principal.username ? { username: principal.username } : {}),
            tenantId: principal.tenantId,
            roles: principal.roles,
          },
          action: edit.action,
          tenantIds: [...new Set([principal.tenantId, ...(edit.tenantId ? [edit.tenantId] : [])])],
          ...(http?.sourceIp ? { sourceIp: http.sourceIp } : {}),
          ...(http?.userAgent ? { userAgent: http.userAgent } : {}),
          details: { cityId: edit.cityId, fromVersion: baseVersion ?? 0, summary: edit.summary },
        },
      });
      return { info, config };
    } catch (err) {
      if (err instanceof TenantIdTakenError)
        throw new ProblemError('validation-failed', undefined, [
          {
            path: 'tenants',
            message: {
              tr: `${err.tenantId} kurum kimliği başka bir şehirde kullanılıyor.`,
              en: `The organisation id ${err.tenantId} is used by another city.`,
            },
          },
        ]);
      if (!(err instanceof ConfigurationVersionConflictError)) throw err;
      if (!edit.touches || !seen || err.currentVersion === undefined || attempt >= MAX_REBASES)
        throw configurationConflict(err.currentVersion);
      const latest = await loadVersion(edit.cityId, err.currentVersion);
      if (JSON.stringify(edit.touches(latest)) !== JSON.stringify(edit.touches(seen)))
        throw configurationConflict(err.currentVersion);
      base = latest;
      baseVersion = err.currentVersion;
    }
  }
}
