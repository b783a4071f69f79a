import { z } from 'zod';
import { CHANNELS } from '../../platform/db/schema.js';

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code like DKK');
const minor = z.number().int().min(0).max(1e13).describe('Minor units (øre, cents)');
const twoDecimals = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
const percent = (max: number) => z.number().min(0).max(max).refine(twoDecimals, 'at most two decimals');

export const inhouseCostModel = z
  .object({
    currency,
    roles: z
      .array(
        z
          .object({
            role: z.string().trim().min(1).max(100),
            country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 code like DK'),
            headcount: z
              .number()
              .min(0)
              .max(100_000)
              .refine(twoDecimals, 'at most two decimals')
              .describe('Full-time equivalents'),
            annual_salary_minor: minor,
            benefits_percent: percent(200),
            handles_contacts: z.boolean().describe('Agents: true; leads, QA and trainers: false'),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    recruiting_per_hire_minor: minor,
    training_per_hire_minor: minor,
    attrition_percent_per_year: percent(300),
    tools_per_seat_month_minor: minor,
    facilities_per_seat_month_minor: minor,
    management_overhead_percent: percent(100),
    productive_hours_per_agent_month: z.number().min(1).max(744),
  })
  .strict()
  .refine((m) => m.roles.some((r) => r.handles_contacts && r.headcount > 0), {
    message: 'At least one role must handle contacts (the agents)',
    path: ['roles'],
  });

export const inhouseCostModelView = z.object({
  model: inhouseCostModel.nullable(),
  updated_at: z.string().nullable(),
  monthly: z
    .object({
      currency: z.string(),
      total_minor: z.number().int(),
      agents: z.number(),
      lines: z.array(z.object({ item: z.string(), amount_minor: z.number().int(), basis: z.string() })),
    })
    .nullable()
    .describe('What the model costs a month, line by line'),
});

export const tcoRequest = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-11')
      .optional()
      .describe('Whose contract versions price the forecast (default: this month)'),
    base_currency: currency.optional().describe('Default: the in-house model’s currency'),
    fx: z
      .record(currency, z.number().positive().max(1e6))
      .default({})
      .describe('Units of the base currency per unit of each other currency, e.g. {"EUR": 7.46}'),
    forecast: z
      .array(
        z
          .object({
            channel: z.enum(CHANNELS),
            language: z.string().min(2).max(10).nullable().default(null),
            contacts: z.number().int().min(0).max(10_000_000),
            aht_minutes: z.number().min(0).max(600),
            resolution_percent: z.number().min(0).max(100).default(75),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    occupancy_percent: z.number().min(1).max(100).default(85),
    mixes: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(100),
            shares: z
              .array(
                z
                  .object({ option: z.string().min(1).max(100), percent: z.number().min(0).max(100) })
                  .strict(),
              )
              .min(1)
              .max(20),
          })
          .strict(),
      )
      .max(10)
      .default([]),
  })
  .strict();

const costLine = z.object({ item: z.string(), amount_minor: z.number().int(), basis: z.string() });
const priced = z.object({
  option: z.string().describe('"inhouse" or the vendor id'),
  name: z.string(),
  currency: z.string(),
  contacts: z.number(),
  total_minor: z.number().int(),
  total_base_minor: z.number().int().nullable(),
  cost_per_contact_base_minor: z.number().nullable(),
  lines: z.array(costLine),
});

export const tcoResult = z.object({
  month: z.string(),
  base_currency: z.string(),
  contacts: z.number(),
  workload_hours: z.number(),
  options: z.array(priced),
  mixes: z.array(
    z.object({
      name: z.string(),
      parts: z.array(priced.extend({ percent: z.number() })),
      total_base_minor: z.number().int().nullable(),
      cost_per_contact_base_minor: z.number().nullable(),
    }),
  ),
  assumptions: z.array(z.string()),
});
