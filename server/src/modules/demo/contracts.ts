import { addDays, addMonths, type ContractInput } from '../billing/index.js';

/**
 * The demo's vendor contracts: one per outsourced vendor, priced the way BPO deals usually are (per
 * handled contact by channel with a volume tier, phone by the handle minute only, a monthly management
 * fee, a minimum commitment) with a credit for every contract service level and a bonus on
 * resolution. Pure: the seed passes in the vendors and their targets.
 */

export interface DemoVendor {
  id: string;
  name: string;
  kind: 'internal' | 'outsourced';
}
export interface DemoTarget {
  id: string;
  vendor_id: string;
  measure: string;
  channel: string | null;
}

/** Currency of each outsourced vendor's contract: Manila bills in dollars, Bogotá and Lisbon in euros. */
const CURRENCY: Record<string, string> = {
  'Pacific Contact Solutions': 'USD',
  'Andes & Atlantic Support': 'EUR',
};

export function demoContracts(
  vendors: DemoVendor[],
  targets: DemoTarget[],
  effectiveFrom: string,
): ContractInput[] {
  return vendors
    .filter((v) => v.kind === 'outsourced')
    .map((vendor) => {
      const own = targets.filter((t) => t.vendor_id === vendor.id);
      const usd = (CURRENCY[vendor.name] ?? 'EUR') === 'USD';
      return {
        vendor_id: vendor.id,
        name: `${vendor.name} master services agreement`,
        // A two-year term with 90 days' notice, renewing by a year (docs/billing.md).
        term_ends_on: addDays(addMonths(effectiveFrom, 24), -1),
        notice_days: 90,
        auto_renews: true,
        renewal_term_months: 12,
        version: {
          currency: CURRENCY[vendor.name] ?? 'EUR',
          effective_from: effectiveFrom,
          effective_to: null,
          lines: [
            {
              model: 'handled_contact' as const,
              channel: 'email' as const,
              language: null,
              tiers: [
                { up_to: 1500, rate_minor: usd ? 310 : 390 },
                { up_to: null, rate_minor: usd ? 270 : 340 },
              ],
            },
            {
              model: 'handled_contact' as const,
              channel: 'chat' as const,
              language: null,
              tiers: [{ up_to: null, rate_minor: usd ? 240 : 300 }],
            },
            ...(['web', 'social'] as const).map((channel) => ({
              model: 'handled_contact' as const,
              channel,
              language: null,
              tiers: [{ up_to: null, rate_minor: usd ? 280 : 350 }],
            })),
            {
              model: 'handle_minute' as const,
              channel: 'phone' as const,
              language: null,
              tiers: [{ up_to: null, rate_minor: usd ? 45 : 62 }],
            },
            {
              model: 'monthly_fee' as const,
              channel: null,
              language: null,
              tiers: [{ up_to: null, rate_minor: usd ? 50_000 : 60_000 }],
            },
          ],
          minimum_commitment_minor: usd ? 100_000 : 120_000,
          credit_rules: own.map((t) =>
            t.measure === 'resolution'
              ? {
                  service_level_target_id: t.id,
                  percent_per_point: 1,
                  cap_percent: 5,
                  bonus_percent_per_point: 0.5,
                  bonus_cap_percent: 3,
                }
              : {
                  service_level_target_id: t.id,
                  percent_per_point: t.channel === 'chat' ? 2 : 1.5,
                  cap_percent: t.channel === 'chat' ? 10 : 8,
                  bonus_percent_per_point: null,
                  bonus_cap_percent: null,
                },
          ),
        },
      };
    });
}

/**
 * The in-house team's cost base (docs/billing.md#tco): Copenhagen salaries in DKK for its agents and
 * team leads as the roster has them, Danish benefits, seats, hiring for 25 % attrition and overhead.
 */
export function demoInhouseCostModel(
  users: readonly { role: string; vendor_id?: string | null | undefined }[],
  vendors: DemoVendor[],
) {
  const inhouse = new Set(vendors.filter((v) => v.kind === 'internal').map((v) => v.id));
  const count = (role: string) =>
    users.filter((u) => u.role === role && u.vendor_id && inhouse.has(u.vendor_id)).length;
  return {
    currency: 'DKK',
    roles: [
      {
        role: 'Agent',
        country: 'DK',
        headcount: Math.max(1, count('agent')),
        annual_salary_minor: 42_000_000,
        benefits_percent: 18,
        handles_contacts: true,
      },
      {
        role: 'Team lead',
        country: 'DK',
        headcount: Math.max(1, count('team_lead')),
        annual_salary_minor: 54_000_000,
        benefits_percent: 18,
        handles_contacts: false,
      },
    ],
    recruiting_per_hire_minor: 2_500_000,
    training_per_hire_minor: 3_500_000,
    attrition_percent_per_year: 25,
    tools_per_seat_month_minor: 150_000,
    facilities_per_seat_month_minor: 350_000,
    management_overhead_percent: 12,
    productive_hours_per_agent_month: 120,
  };
}
