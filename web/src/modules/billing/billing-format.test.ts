import { describe, expect, it } from 'vitest';
import {
  creditRuleLabel,
  daysUntil,
  formatMoney,
  formatRate,
  formatSignedMoney,
  minorToMajorInput,
  monthLabel,
  noticeIsNear,
  noticeLabel,
  parseMajorToMinor,
  recentMonths,
  reconciliationLineLabel,
  renewalLabel,
  statusLabel,
  tiersLabel,
} from './billing-format';

describe('money from minor units', () => {
  it.each([
    [90900, 'EUR', '909.00 EUR'],
    [-10100, 'EUR', '-101.00 EUR'],
    [5, 'USD', '0.05 USD'],
    [-5, 'USD', '-0.05 USD'],
    [0, 'DKK', '0.00 DKK'],
    [123456789, 'EUR', '1,234,567.89 EUR'],
  ])('%i %s is %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it('signs a difference', () => {
    expect(formatSignedMoney(1000, 'EUR')).toBe('+10.00 EUR');
    expect(formatSignedMoney(-250, 'EUR')).toBe('-2.50 EUR');
    expect(formatSignedMoney(0, 'EUR')).toBe('0.00 EUR');
  });

  it('keeps a rate’s extra decimals', () => {
    expect(formatRate(250, 'EUR')).toBe('2.50 EUR');
    expect(formatRate(12.5, 'EUR')).toBe('0.125 EUR');
    expect(formatRate(0.0001, 'EUR')).toBe('0.000001 EUR');
  });
});

describe('reconciliation in words', () => {
  it.each([
    [{ status: 'matched', differences: [] }, 'Matches'],
    [{ status: 'differs', differences: ['quantity'] }, 'Differs in volume'],
    [{ status: 'differs', differences: ['quantity', 'amount'] }, 'Differs in volume and amount'],
    [
      { status: 'differs', differences: ['quantity', 'rate', 'amount'] },
      'Differs in volume, rate and amount',
    ],
    [{ status: 'only_tandem', differences: [] }, "Only on Tandem's invoice"],
    [{ status: 'only_vendor', differences: [] }, "Only on the vendor's invoice"],
  ])('%j is "%s"', (line, text) => {
    expect(statusLabel(line)).toBe(text);
  });

  it('names a usage line by its scope and tier, a credit by its service level', () => {
    const base = { model: null, channel: null, language: null, tier: null, service_level: null };
    expect(
      reconciliationLineLabel({ ...base, kind: 'usage', model: 'handled_contact', channel: 'chat', tier: 2 }),
    ).toBe('Usage: handled contact, chat, all languages, tier 2');
    expect(reconciliationLineLabel({ ...base, kind: 'credit', service_level: 'Chat in 30 s' })).toBe(
      'SLA credit: Chat in 30 s',
    );
  });
});

describe('contracts in words', () => {
  it('reads graduated tiers and a monthly fee', () => {
    expect(
      tiersLabel(
        'handled_contact',
        [
          { up_to: 1000, rate_minor: 250 },
          { up_to: null, rate_minor: 200 },
        ],
        'EUR',
      ),
    ).toBe('2.50 EUR per handled contact up to 1,000 a month, then 2.00 EUR per handled contact');
    expect(tiersLabel('monthly_fee', [{ up_to: null, rate_minor: 100000 }], 'USD')).toBe(
      '1,000.00 USD a month',
    );
  });

  it('reads a credit rule with and without a bonus', () => {
    const rule = {
      percent_per_point: 2,
      cap_percent: 10,
      bonus_percent_per_point: null,
      bonus_cap_percent: null,
    };
    expect(creditRuleLabel(rule, 'Chat in 30 s')).toBe(
      'Chat in 30 s: 2 % of the month’s fees credited per point below target, at most 10 %',
    );
    expect(creditRuleLabel({ ...rule, bonus_percent_per_point: 1, bonus_cap_percent: 5 }, 'X')).toContain(
      'bonus 1 % per point above, at most 5 %',
    );
  });
});

describe('months', () => {
  it('counts back across a year end from the last day of a month', () => {
    expect(recentMonths(new Date('2027-01-31T23:59:59Z'), 3)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(recentMonths(new Date('2026-03-31T00:00:00Z'), 2)).toEqual(['2026-03', '2026-02']);
  });

  it('names a month', () => {
    expect(monthLabel('2026-11')).toBe('November 2026');
  });
});

describe('money typed in major units', () => {
  it.each([
    ['1,200.00', 0, 120000],
    ['1200', 0, 120000],
    ['-101.5', 0, -10150],
    ['0.05', 0, 5],
    ['0.125', 4, 12.5],
    ['2.5', 4, 250],
    ['0.125', 0, null],
    ['ten', 0, null],
    ['', 0, null],
    ['1.2.3', 0, null],
  ])('"%s" (%i extra decimals) is %s minor', (text, extra, minor) => {
    expect(parseMajorToMinor(text, extra)).toBe(minor);
  });

  it('round-trips what it shows', () => {
    for (const minor of [0, 5, 250, 12.5, 120000, -10100])
      expect(parseMajorToMinor(minorToMajorInput(minor), 4)).toBe(minor);
  });
});

describe('contract dates in words', () => {
  it.each([
    ['2027-03-01', '2027-02-27', 2],
    ['2028-03-01', '2028-02-28', 2],
    ['2027-01-01', '2027-01-02', -1],
  ])('%s is %i days after %s', (day, today, days) => {
    expect(daysUntil(day, today)).toBe(days);
  });

  it('marks a notice deadline within 30 days', () => {
    expect(noticeIsNear('2027-03-31', '2027-03-01')).toBe(true);
    expect(noticeIsNear('2027-04-01', '2027-03-01')).toBe(false);
    expect(noticeIsNear('2027-03-01', '2027-03-01')).toBe(true);
    expect(noticeIsNear('2027-02-28', '2027-03-01')).toBe(false);
    expect(noticeIsNear(null, '2027-03-01')).toBe(false);
  });

  it('says the deadline and the renewal', () => {
    expect(noticeLabel('2027-03-13', '2027-03-01')).toBe('Notice by 2027-03-13 (in 12 days)');
    expect(noticeLabel('2027-03-02', '2027-03-01')).toBe('Notice by 2027-03-02 (in 1 day)');
    expect(noticeLabel('2027-03-01', '2027-03-01')).toBe('Notice by 2027-03-01 (today)');
    expect(noticeLabel('2027-02-01', '2027-03-01')).toBe('Notice deadline 2027-02-01 (passed)');
    expect(noticeLabel(null, '2027-03-01')).toBe('No notice period');
    expect(renewalLabel({ auto_renews: true, renewal_term_months: 12 })).toBe(
      'Renews automatically for 12 months',
    );
    expect(renewalLabel({ auto_renews: true, renewal_term_months: 1 })).toBe(
      'Renews automatically for 1 month',
    );
    expect(renewalLabel({ auto_renews: false, renewal_term_months: 12 })).toBe(
      'Does not renew automatically',
    );
  });
});
