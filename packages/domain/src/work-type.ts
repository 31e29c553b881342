import * as z from 'zod';
import { LocalizedText } from './localized-text.ts';
import { TenantType } from './tenant.ts';

/** Başvuru türü: the kind of application a work type defaults to. */
export const CaseKind = z.enum(['request', 'complaint', 'suggestion', 'information', 'thanks']);
export type CaseKind = z.infer<typeof CaseKind>;

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

export const WorkTypeCode = z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, { error: 'work-type.code' });
export type WorkTypeCode = z.infer<typeof WorkTypeCode>;

/** One entry of the city-wide standard catalogue (iş türü). */
export const WorkType = z
  .object({
    code: WorkTypeCode,
    name: LocalizedText,
    group: z.string().min(1),
    kind: CaseKind,
    /** Which level of government owns it by default (Law 5216 / 6360 practice). */
    tenantLevel: TenantType,
    departmentCode: z.string().min(1),
    slaHours: z.number().int().positive(),
    defaultPriority: Priority,
    requiresLocation: z.boolean(),
    keywords: z.array(z.string()),
    splitRule: z.string().optional(),
    externalReferral: z.string().optional(),
    legalBasis: z.string().optional(),
    sensitiveData: z.string().optional(),
    seasonal: z.string().optional(),
  })
  .strict();
export type WorkType = z.infer<typeof WorkType>;

export const WorkTypeGroup = z.object({ code: z.string().min(1), name: LocalizedText }).strict();
export type WorkTypeGroup = z.infer<typeof WorkTypeGroup>;
