/**
 * Copenhagen's in-house team as a cost model (DKK, minor units = øre): ten agents and a team lead.
 * billing/tco.test.ts works its numbers by hand (562,100.00 DKK a month); the API and browser tests
 * of the TCO comparison use the same model, so their expected figures are the hand-worked ones.
 */
export const COPENHAGEN_MODEL = {
  currency: 'DKK',
  roles: [
    {
      role: 'Agent',
      country: 'DK',
      headcount: 10,
      annual_salary_minor: 42_000_000,
      benefits_percent: 20,
      handles_contacts: true,
    },
    {
      role: 'Team lead',
      country: 'DK',
      headcount: 1,
      annual_salary_minor: 54_000_000,
      benefits_percent: 20,
      handles_contacts: false,
    },
  ],
  recruiting_per_hire_minor: 300_000,
  training_per_hire_minor: 500_000,
  attrition_percent_per_year: 30,
  tools_per_seat_month_minor: 100_000,
  facilities_per_seat_month_minor: 250_000,
  management_overhead_percent: 10,
  productive_hours_per_agent_month: 120,
};
