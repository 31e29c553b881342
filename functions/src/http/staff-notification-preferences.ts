import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DEFAULT_STAFF_NOTIFICATION_PREFERENCES, StaffNotificationPreferences } from '@citydesk/domain';
import * as z from 'zod';
import { staffDirectoryRepository } from '#platform/case-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { requireStaffUser } from './staff-notifications.ts';

interface JwtRequestContext {
  authorizer?: { jwt?: { claims?: Record<string, unknown> } };
}

const VerifiedEmail = z.email();

/**
 * The caller's own staff notification preference, stored with their staff directory
 * entry: GET reads it (defaults when never saved), PUT replaces it. E-mails go to the
 * address of the caller's verified ID token (recorded with the preference unless an
 * administrator recorded one already); without any address, e-mails cannot be chosen.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  requireStaffUser(principal);
  const stored = await staffDirectoryRepository.notificationSettings(principal.tenantId, principal.userId);
  if (req.event.requestContext.http.method === 'GET') {
    return json(200, stored?.preferences ?? DEFAULT_STAFF_NOTIFICATION_PREFERENCES, req.lang);
  }
  const preferences = parseJsonBody(req, StaffNotificationPreferences);
  const claims = (req.event.requestContext as JwtRequestContext).authorizer?.jwt?.claims ?? {};
  const tokenEmail = VerifiedEmail.safeParse(claims.email);
  const verified =
    String(claims.email_verified) === 'true' && tokenEmail.success ? tokenEmail.data : undefined;
  if (preferences.email === 'immediate' && !stored?.email && !verified) {
    throw new ProblemError('business-rule-violated', undefined, [
      {
        path: 'email',
        message: {
          tr: 'Hesabınızda doğrulanmış bir e-posta adresi yok; yöneticinizden ekletin.',
          en: 'Your account has no verified e-mail address; ask your administrator to add one.',
        },
      },
    ]);
  }
  try {
    await staffDirectoryRepository.setNotificationPreferences(
      principal.tenantId,
      principal.userId,
      preferences,
      verified,
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    // Not in the directory yet: GET /v1/staff/me records everyone who signs in.
    throw new ProblemError('business-rule-violated', {
      tr: 'Personel rehberinde kaydınız yok; oturumu yeniden açın.',
      en: 'You are not in the staff directory yet; sign in again.',
    });
  }
  return json(200, preferences, req.lang);
});
