import { type DevOutboxMessage, DevOutboxQuery } from '@citydesk/domain';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { devOutboxActive, devOutboxRepository } from '#platform/notification-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/** Roles that oversee what citizens are told: administrators, the coordination centre, managers. */
const READERS = new Set(['admin', 'coordinator', 'manager']);

/**
 * GET /v1/dev/outbox: the messages the dev outbox provider stored instead of sending,
 * newest first, filterable by tracking number or recipient. Exists only where the dev
 * outbox is the provider (the local cloud); everywhere else it answers 404 like an
 * unknown route, so a deployment never exposes it. Signed-in staff only, and only
 * those who oversee citizen communication: the texts hold answers to citizens.
 */
export const handler = httpHandler(async (req) => {
  if (!devOutboxActive()) throw new ProblemError('route-not-found');
  const principal = await requirePrincipal(req);
  if (principal.kind === 'integration' || !principal.roles.some((r) => READERS.has(r))) {
    throw new ProblemError('forbidden', {
      tr: 'Geliştirme giden kutusunu yalnızca yöneticiler, koordinatörler ve müdürler görebilir.',
      en: 'Only administrators, coordinators and managers may read the dev outbox.',
    });
  }
  const query = validate(DevOutboxQuery, req.event.queryStringParameters ?? {});
  const items: DevOutboxMessage[] = await devOutboxRepository.list({
    limit: query.limit,
    ...(query.trackingNo ? { trackingNo: query.trackingNo } : {}),
    ...(query.recipient ? { recipient: normaliseRecipient(query.recipient) } : {}),
  });
  return json(200, { items }, req.lang);
});

/** Phones are stored in E.164: accept 0532…, 532…, +90 532…; e-mails compare in lower case. */
function normaliseRecipient(value: string): string {
  if (value.includes('@')) return value.trim().toLowerCase();
  const digits = value.replaceAll(/\D/g, '');
  if (digits.startsWith('90') && digits.length === 12) return `+${digits}`;
  if (digits.startsWith('0') && digits.length === 11) return `+9${digits}`;
  if (digits.length === 10) return `+90${digits}`;
  return value.trim();
}
