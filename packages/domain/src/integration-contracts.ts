import * as z from 'zod';
import { CaseStatus, ExternalReference } from './case.ts';
import { Channel } from './channel.ts';
import { PublicCaseSubmission } from './public-contracts.ts';

/*
 * Contracts of the integration API: systems that file cases on a citizen's behalf
 * with an API key (a district's own call-centre software, the CİMER, e-Devlet and
 * Açık Kapı bridges). The handler validates with them; /openapi.json documents them.
 */

/**
 * Channels a machine client may record: the channel the citizen really used, so
 * reports and statutory deadlines (CİMER, Açık Kapı) stay right. `api` when the
 * client's own software is the channel. Never the self-service or muhtar channels,
 * whose cases come through their own intakes.
 */
export const IntegrationChannel = Channel.extract([
  'api',
  'call_center',
  'walk_in',
  'cimer',
  'e_devlet',
  'acik_kapi',
  'email',
  'sms',
  'whatsapp',
  'social_media',
]);
export type IntegrationChannel = z.infer<typeof IntegrationChannel>;

/** State bridges: each of their requests has its own number, which we must answer under. */
const REFERENCED_CHANNELS: ReadonlySet<string> = new Set(['cimer', 'e_devlet', 'acik_kapi']);

export const IntegrationCaseSubmission = PublicCaseSubmission.extend({
  channel: IntegrationChannel.default('api'),
  externalReference: ExternalReference.optional(),
})
  .strict()
  .superRefine((s, ctx) => {
    if (REFERENCED_CHANNELS.has(s.channel) && !s.externalReference) {
      ctx.addIssue({ code: 'custom', path: ['externalReference'], message: 'external-reference.required' });
    }
  })
  .meta({
    id: 'IntegrationCaseSubmission',
    description:
      "A case a machine client files for a citizen: the citizen form, the channel the citizen used and the sending system's own reference.",
  });
export type IntegrationCaseSubmission = z.input<typeof IntegrationCaseSubmission>;

export const IntegrationCaseCreated = z
  .object({
    caseId: z.string(),
    trackingNo: z.string().meta({ example: '4827-3915-0266' }),
    status: CaseStatus,
    channel: Channel,
    externalReference: ExternalReference.optional(),
    createdAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime(),
    /** The statutory answer deadline (CİMER, Açık Kapı, Law 4982) when the channel has one. */
    legalDueAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'IntegrationCaseCreated' });
export type IntegrationCaseCreated = z.infer<typeof IntegrationCaseCreated>;
