import { describe, expect, it } from 'vitest';
import { parseTicketNumbers } from './CalibrationTab';

describe('parseTicketNumbers', () => {
  it('reads numbers with or without #, by commas or spaces, each once', () => {
    expect(parseTicketNumbers('#1042, 1043 #1050;#1042')).toEqual({ numbers: [1042, 1043, 1050], wrong: [] });
  });
  it('names back what is not a ticket number', () => {
    expect(parseTicketNumbers('#12, abc, -3, 4.5')).toEqual({ numbers: [12], wrong: ['abc', '-3', '4.5'] });
  });
});
