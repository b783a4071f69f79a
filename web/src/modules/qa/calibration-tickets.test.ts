import { describe, expect, it } from 'vitest';
import { parseTicketNumbers } from './CalibrationTab';
import { reviewerChoices } from './user-names';

describe('parseTicketNumbers', () => {
  it('reads numbers with or without #, by commas or spaces, each once', () => {
    expect(parseTicketNumbers('#1042, 1043 #1050;#1042')).toEqual({ numbers: [1042, 1043, 1050], wrong: [] });
  });
  it('names back what is not a ticket number', () => {
    expect(parseTicketNumbers('#12, abc, -3, 4.5')).toEqual({ numbers: [12], wrong: ['abc', '-3', '4.5'] });
  });
});

describe('reviewerChoices', () => {
  const user = (id: string, role: string, vendor_id: string | null, active = true) => ({
    id,
    display_name: id,
    role,
    active,
    vendor_id,
  });
  const users = [
    user('brand-qa', 'qa_reviewer', null),
    user('admin', 'brand_admin', null),
    user('analyst', 'brand_analyst', null),
    user('vendor-admin', 'vendor_admin', 'v1'),
    user('agent', 'agent', 'v1'),
    user('gone', 'qa_reviewer', null, false),
  ];
  it('offers active users whose role may review, by the server’s role table', () => {
    expect(reviewerChoices(users).map((c) => c.value)).toEqual(['brand-qa', 'admin', 'vendor-admin']);
  });
  it('keeps one side when asked: the brand’s (null) or a vendor’s', () => {
    expect(reviewerChoices(users, null).map((c) => c.value)).toEqual(['brand-qa', 'admin']);
    expect(reviewerChoices(users, 'v1').map((c) => c.value)).toEqual(['vendor-admin']);
  });
});
