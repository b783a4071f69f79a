import type { AgentFacts } from '../src/modules/routing/eligibility.js';

/** Shared facts for the pure routing tests. */
export const NINE_TO_FIVE = {
  mon: [{ start: '09:00', end: '17:00' }],
  tue: [{ start: '09:00', end: '17:00' }],
  wed: [{ start: '09:00', end: '17:00' }],
  thu: [{ start: '09:00', end: '17:00' }],
  fri: [{ start: '09:00', end: '17:00' }],
};

export const zero = { email: 0, chat: 0, phone: 0, web: 0, api: 0, social: 0 };
export function agent(overrides: Partial<AgentFacts> = {}): AgentFacts {
  return {
    id: 'a',
    vendorId: 'v',
    siteId: 's',
    teamId: null,
    online: true,
    languages: ['en'],
    skills: { billing: 3 },
    certifications: [],
    load: zero,
    capacity: { email: 5, chat: 3, phone: 1 },
    lastAssignedAt: null,
    ...overrides,
  };
}
