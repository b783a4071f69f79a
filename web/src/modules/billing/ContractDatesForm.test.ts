import { describe, expect, it } from 'vitest';
import { changedDates } from './ContractDatesForm';
import type { Contract } from './queries';

const contract = {
  term_ends_on: '2027-06-30',
  notice_days: 90,
  auto_renews: true,
  renewal_term_months: 12,
} as Contract;

describe('contract dates form', () => {
  it('sends only the fields that changed', () => {
    expect(changedDates(contract, { ...contract, notice_days: 30 })).toEqual({ notice_days: 30 });
    expect(changedDates(contract, { ...contract })).toEqual({});
    expect(changedDates(contract, { term_ends_on: null, auto_renews: false })).toEqual({
      term_ends_on: null,
      auto_renews: false,
    });
  });
});
