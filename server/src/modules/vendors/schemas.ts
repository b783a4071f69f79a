import { z } from 'zod';
import { SITE_STATUSES, VENDOR_KINDS, VENDOR_STATUSES } from '../../platform/db/schema.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { patchOf } from '../../platform/http/patch.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const language = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a BCP 47 language like "en" or "pt-BR"');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
export const timeZone = z.string().refine(isTimeZone, 'not an IANA time zone such as "Asia/Manila"');

export const vendorView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  kind: z.enum(VENDOR_KINDS),
  status: z.enum(VENDOR_STATUSES),
  contract_start: z.string().nullable(),
  contract_end: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const contractDatesInOrder = (v: { contract_start?: string | null; contract_end?: string | null }) =>
  !v.contract_start || !v.contract_end || v.contract_end >= v.contract_start;
const contractOrderIssue = { message: 'contract_end is before contract_start', path: ['contract_end'] };

export const vendorCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(VENDOR_KINDS),
    status: z.enum(VENDOR_STATUSES).default('active'),
    contract_start: isoDate.nullable().optional(),
    contract_end: isoDate.nullable().optional(),
  })
  .refine(contractDatesInOrder, contractOrderIssue);

export const vendorUpdate = z
  .object({
    name: z.string().trim().min(1).max(200),
    status: z.enum(VENDOR_STATUSES),
    contract_start: isoDate.nullable(),
    contract_end: isoDate.nullable(),
  })
  .partial()
  .refine(contractDatesInOrder, contractOrderIssue);

export const vendorListQuery = z.object({
  ...pageQuery,
  kind: z.enum(VENDOR_KINDS).optional(),
  status: z.enum(VENDOR_STATUSES).optional(),
  sort: z.enum(['name', 'created_at']).default('name'),
});

export const siteView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid(),
  name: z.string(),
  country: z.string(),
  time_zone: z.string(),
  languages: z.array(z.string()),
  status: z.enum(SITE_STATUSES),
  created_at: z.string(),
  updated_at: z.string(),
});

export const siteCreate = z.object({
  vendor_id: z.string().uuid(),
  name: z.string().trim().min(1).max(200),
  country: z.string().regex(/^[A-Z]{2}$/, 'use an ISO 3166-1 alpha-2 code such as "PH"'),
  time_zone: timeZone,
  languages: z.array(language).max(50).default([]),
  status: z.enum(SITE_STATUSES).default('up'),
});

export const siteUpdate = patchOf(siteCreate.omit({ vendor_id: true }));

export const siteListQuery = z.object({
  ...pageQuery,
  vendor_id: z.string().uuid().optional(),
  status: z.enum(SITE_STATUSES).optional(),
});

export const teamView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid(),
  site_id: z.string().uuid().nullable(),
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const teamCreate = z.object({
  vendor_id: z.string().uuid(),
  site_id: z.string().uuid().nullable().default(null),
  name: z.string().trim().min(1).max(200),
});

export const teamUpdate = patchOf(teamCreate.omit({ vendor_id: true }));

export const teamListQuery = z.object({
  ...pageQuery,
  vendor_id: z.string().uuid().optional(),
  site_id: z.string().uuid().optional(),
});

export const idParams = z.object({ id: z.string().uuid() });
