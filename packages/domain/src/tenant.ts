import * as z from 'zod';
import { LocalizedText } from './localized-text.ts';

/**
 * The three kinds of organisation in one city under Law 5216: the metropolitan
 * municipality (büyükşehir), its district municipalities (ilçe) and the water utility.
 */
export const TenantType = z.enum(['metropolitan', 'district', 'utility']);
export type TenantType = z.infer<typeof TenantType>;

export const GeoPoint = z
  .object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .strict();
export type GeoPoint = z.infer<typeof GeoPoint>;

export const TenantId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'tenant.id' });
export type TenantId = z.infer<typeof TenantId>;

export const Tenant = z
  .object({
    id: TenantId,
    cityId: z.string().min(1),
    type: TenantType,
    name: z.string().min(1),
    /** Short name for lists and badges, e.g. "Karesi" or "BASKİ". */
    shortName: z.string().min(1),
    parentId: TenantId.optional(),
    seat: GeoPoint,
    callCentre: z.string().optional(),
  })
  .strict();
export type Tenant = z.infer<typeof Tenant>;

/** A unit (birim) of a tenant: the owner of a work queue. */
export const Department = z
  .object({
    code: z.string().regex(/^[A-Z0-9_]{2,24}$/),
    name: LocalizedText,
  })
  .strict();
export type Department = z.infer<typeof Department>;
