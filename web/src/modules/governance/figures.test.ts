import { describe, expect, it } from 'vitest';
import {
  changeOf,
  contractMonth,
  contractVerdict,
  explain,
  figureOf,
  formatValue,
  OVERVIEW_COLUMNS,
  OVERVIEW_FIGURES,
  periodOf,
  shareVerdict,
  todayIn,
} from './figures';

describe('vendors overview figures', () => {
  it('shows values in a manager’s units, and – when there is nothing to divide by', () => {
    expect(formatValue('seconds', 42)).toBe('42 s');
    expect(formatValue('seconds', 600)).toBe('10 min');
    expect(formatValue('seconds', 5 * 3600)).toBe('5.0 h');
    expect(formatValue('seconds', 3 * 86_400)).toBe('3.0 d');
    expect(formatValue('share', 0.8766)).toBe('87.7 %');
    expect(formatValue('nps', 31.2)).toBe('+31');
    expect(formatValue('nps', -8.3)).toBe('-8');
    expect(formatValue('ces', 2.5)).toBe('2.50');
    expect(formatValue('share', null)).toBe('–');
  });

  it('says whether a change is better, by the figure’s direction', () => {
    const csat = OVERVIEW_FIGURES.find((f) => f.key === 'csat')!;
    const aht = OVERVIEW_FIGURES.find((f) => f.key === 'aht')!;
    expect(changeOf(csat, 0.9, 0.85)).toEqual({ text: '+5.0 pp', better: true });
    expect(changeOf(csat, 0.8, 0.85)).toEqual({ text: '−5.0 pp', better: false });
    expect(changeOf(aht, 600, 540)).toEqual({ text: '+60 s', better: false });
    expect(changeOf(aht, 540, 540)).toEqual({ text: 'no change', better: null });
    expect(changeOf(aht, null, 540)).toBeNull();
  });

  it('shows IQS, already a percent, in percent and its change in points; reads it beside the kpis', () => {
    const iqs = OVERVIEW_FIGURES.find((f) => f.key === 'iqs')!;
    expect(formatValue(iqs.kind, 76.654)).toBe('76.7 %');
    expect(formatValue(iqs.kind, null)).toBe('–');
    expect(changeOf(iqs, 70, 75.5)).toEqual({ text: '−5.5 pp', better: false });
    const figure = { value: 80, numerator: 160, denominator: 2, variant: 'iqs' };
    expect(figureOf({ kpis: {}, iqs: figure }, 'iqs')).toEqual(figure);
    expect(figureOf({ kpis: {} }, 'iqs')).toBeNull();
  });

  it('explains a figure with its numerator, denominator and definition', () => {
    const fcr = OVERVIEW_FIGURES.find((f) => f.key === 'fcr')!;
    expect(explain(fcr, { value: 0.7, numerator: 280, denominator: 400, variant: 'fcr.7d' })).toContain(
      '280 resolved at first contact / 400 tickets solved. Definition: fcr.7d.',
    );
  });

  it('makes periods of local dates with the previous period to compare', () => {
    expect(periodOf('last7', '2026-12-07')).toEqual({
      from: '2026-12-01',
      to: '2026-12-08',
      previous: { from: '2026-11-24', to: '2026-12-01' },
    });
    expect(periodOf('lastMonth', '2026-03-31')).toEqual({
      from: '2026-02-01',
      to: '2026-03-01',
      previous: { from: '2026-01-01', to: '2026-02-01' },
    });
    expect(periodOf('thisMonth', '2027-01-10')).toEqual({
      from: '2027-01-01',
      to: '2027-01-11',
      previous: { from: '2026-12-01', to: '2026-12-11' },
    });
    expect(todayIn('Asia/Manila', new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01');
  });
});

describe('contract service levels', () => {
  it('says met or missed and by how much, or that there is nothing to judge', () => {
    expect(contractVerdict(80, 64.2)).toEqual({ text: 'missed by 15.8 pp', color: 'red' });
    expect(contractVerdict(90, 93)).toEqual({ text: 'met (+3.0 pp)', color: 'teal' });
    expect(contractVerdict(90, null)).toEqual({ text: 'no contacts yet', color: 'gray' });
  });
  it('reads this month, or last month for the last-month period, in UTC', () => {
    expect(contractMonth('last30', new Date('2027-01-01T00:30:00Z'))).toBe('2027-01');
    expect(contractMonth('lastMonth', new Date('2027-01-01T00:30:00Z'))).toBe('2026-12');
  });
});

describe('shareVerdict', () => {
  it('calls a share within 2 points on target, and says by how much otherwise', () => {
    expect(shareVerdict(50, null)).toEqual({ text: 'no contacts yet', color: 'gray' });
    expect(shareVerdict(50, 51.5)).toEqual({ text: 'on target (+1.5 pp)', color: 'teal' });
    expect(shareVerdict(50, 48)).toEqual({ text: 'on target (−2.0 pp)', color: 'teal' });
    expect(shareVerdict(50, 44.5)).toEqual({ text: '5.5 pp under target', color: 'orange' });
    expect(shareVerdict(10, 13)).toEqual({ text: '3.0 pp over target', color: 'orange' });
  });
});

describe('OVERVIEW_COLUMNS', () => {
  it('leads with service level, IQS and CSAT, and keeps every figure exactly once', () => {
    expect(OVERVIEW_COLUMNS.slice(0, 3).map((f) => f.key)).toEqual(['sla_attainment', 'iqs', 'csat']);
    expect(OVERVIEW_COLUMNS.map((f) => f.key).sort()).toEqual(OVERVIEW_FIGURES.map((f) => f.key).sort());
  });
});
