import * as z from 'zod';
import { AttachmentMeta, CaseLocation, CaseStatus } from './case.ts';
import { CaseEventType } from './case-event.ts';
import { SelfServiceChannel } from './channel.ts';
import { CitizenContact, KvkkConsent } from './citizen-contact.ts';
import { WorkTypeQuestion } from './city-configuration.ts';
import { LocalizedText } from './localized-text.ts';
import { GeoPoint, TenantType } from './tenant.ts';
import { WorkType, WorkTypeCode } from './work-type.ts';
import { QuestionAnswers } from './work-type-questions.ts';

/*
 * Contracts of the public (citizen) API. The portal imports these for its forms,
 * the handlers validate with them, and /openapi.json is generated from them.
 */

export const PublicCaseSubmission = z
  .object({
    workTypeCode: WorkTypeCode,
    description: z.string().trim().min(10).max(4000),
    channel: SelfServiceChannel.default('web'),
    location: CaseLocation.omit({ districtTenantId: true }).optional(),
    attachments: z.array(AttachmentMeta).max(5).default([]),
    contact: CitizenContact.optional(),
    consent: KvkkConsent,
    answers: QuestionAnswers.optional(),
  })
  .strict()
  .meta({ id: 'PublicCaseSubmission', description: 'A request or complaint filed by a citizen.' });
export type PublicCaseSubmission = z.input<typeof PublicCaseSubmission>;

export const PublicCaseCreated = z
  .object({
    trackingNo: z.string().meta({ example: '4827-3915-0266' }),
    status: CaseStatus,
    createdAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime(),
  })
  .meta({ id: 'PublicCaseCreated' });
export type PublicCaseCreated = z.infer<typeof PublicCaseCreated>;

export const PublicTimelineEntry = z
  .object({
    at: z.iso.datetime(),
    type: CaseEventType,
    status: CaseStatus,
    organisation: z.string().optional(),
    /** What the municipality told the citizen at this step: the closing answer or a public comment. */
    message: z.string().optional(),
  })
  .meta({ id: 'PublicTimelineEntry' });
export type PublicTimelineEntry = z.infer<typeof PublicTimelineEntry>;

/** What anybody holding the tracking number may see: no personal data. */
export const PublicTrackView = z
  .object({
    trackingNo: z.string(),
    status: CaseStatus,
    workType: z.object({ code: WorkTypeCode, name: LocalizedText }),
    organisation: z
      .object({ tenantId: z.string(), name: z.string(), department: LocalizedText.optional() })
      .optional(),
    district: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime(),
    /** Once resolved or closed: the result and the answer the citizen receives. */
    result: z.object({ code: z.string(), name: LocalizedText, publicAnswer: z.string() }).optional(),
    timeline: z.array(PublicTimelineEntry),
  })
  .meta({ id: 'PublicTrackView' });
export type PublicTrackView = z.infer<typeof PublicTrackView>;

/** RFC 9457 problem details, with the human text in the language the client asked for. */
export const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** On a 409 version conflict: the case as it is now, so the client can reload and retry. */
    current: z.object({ version: z.number().int(), status: z.string() }).optional(),
  })
  .meta({ id: 'ProblemDetails' });
export type ProblemDetails = z.infer<typeof ProblemDetails>;

/**
 * The slice of the catalogue the portal needs: enabled work types, districts,
 * neighbourhoods, and the names of the city's organisations and units.
 */
export const PublicCatalog = z
  .object({
    version: z.string(),
    cityId: z.string(),
    cityName: z.string(),
    /** The configuration version the catalogue was read from. */
    configVersion: z.number().int(),
    /** The city's contact details and logo for the citizen pages. */
    contact: z
      .object({
        phone: z.string().optional(),
        email: z.string().optional(),
        web: z.string().optional(),
        address: z.string().optional(),
      })
      .optional(),
    logo: z.string().optional(),
    groups: z.array(z.object({ code: z.string(), name: LocalizedText })),
    workTypes: z.array(
      WorkType.pick({
        code: true,
        name: true,
        group: true,
        kind: true,
        requiresLocation: true,
        keywords: true,
        // Staff pickers preselect the usual owner level and unit of a subject.
        tenantLevel: true,
        departmentCode: true,
      }).extend({
        /** Extra questions the metropolitan municipality asks city-wide (Open311 attributes). */
        questions: z.array(WorkTypeQuestion).optional(),
      }),
    ),
    districts: z.array(z.object({ tenantId: z.string(), name: z.string(), seat: GeoPoint })),
    /** Every organisation of the city (metropolitan, districts, utility), so screens show names, not ids. */
    tenants: z.array(z.object({ id: z.string(), type: TenantType, name: z.string(), shortName: z.string() })),
    /** The units (birim) cases are routed to, by code, with their names in both languages. */
    departments: z.array(z.object({ code: z.string(), name: LocalizedText })),
    neighbourhoods: z.array(
      z.object({
        name: z.string(),
        districtTenantId: z.string(),
        centroid: GeoPoint.optional(),
      }),
    ),
  })
  .meta({ id: 'PublicCatalog' });
export type PublicCatalog = z.infer<typeof PublicCatalog>;

/** Runtime sign-in configuration for the static portal (not secret). */
export const AuthConfig = z
  .object({
    userPoolId: z.string(),
    clientId: z.string(),
    region: z.string(),
    /** Only locally: the cognito-local URL. On AWS the SDK derives it from the region. */
    endpoint: z.string().optional(),
    authFlow: z.enum(['USER_PASSWORD_AUTH', 'USER_SRP_AUTH']),
  })
  .meta({ id: 'AuthConfig' });
export type AuthConfig = z.infer<typeof AuthConfig>;
