import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { AvailabilityUpdate } from '@citydesk/domain';
import { staffDirectoryRepository } from '#platform/case-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * A staff member marks themselves absent or back and names their deputy (vekil),
 * who then receives the assignments meant for them. The deputy must be a colleague
 * of the same tenant; naming oneself is refused.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const update = parseJsonBody(req, AvailabilityUpdate);
  if (update.deputyUserId) {
    const { people } = await staffDirectoryRepository.list(principal.tenantId);
    if (update.deputyUserId === principal.userId || !people.some((p) => p.userId === update.deputyUserId)) {
      throw new ProblemError(
        'business-rule-violated',
        {
          tr: 'Vekil, kurumunuzdan başka bir personel olmalıdır.',
          en: 'The deputy must be another colleague of your organisation.',
        },
        [
          {
            path: 'deputyUserId',
            message: {
              tr: 'Bu kişi kurumunuzun personel rehberinde yok.',
              en: 'This person is not in your staff directory.',
            },
          },
        ],
      );
    }
  }
  try {
    await staffDirectoryRepository.setAvailability(principal.tenantId, principal.userId, update);
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    // Not in the directory yet: GET /v1/staff/me records everyone who signs in.
    throw new ProblemError('business-rule-violated', {
      tr: 'Personel rehberinde kaydınız yok; oturumu yeniden açın.',
      en: 'You are not in the staff directory yet; sign in again.',
    });
  }
  return json(200, update, req.lang);
});
