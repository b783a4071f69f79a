import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { codeErrorMessage, groupsOfFour } from './mfa-text';

describe('the secret for manual entry', () => {
  it('reads in groups of four', () => {
    expect(groupsOfFour('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupsOfFour('ABCDEF')).toBe('ABCD EF');
  });
});

describe('code errors in plain English', () => {
  it.each([
    [{ status: 401, detail: 'The code is wrong or was already used' }, /wrong or was already used\. Wait/],
    [{ status: 429, detail: 'Too many wrong codes; try again in 42 s' }, /Try again in 42 seconds\./],
    [{ status: 401, detail: 'This sign-in has expired; sign in with your password again' }, /took too long/],
  ])('%o', (problem, expected) => {
    expect(codeErrorMessage(new ApiError(problem))).toMatch(expected);
  });
  it('says nothing without an error', () => expect(codeErrorMessage(null)).toBeNull());
});
