import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { erasureError, erasureSummary, exportFileName, reasonProblem } from './erase-text';

describe('erasure in words', () => {
  it('requires a reason of at least 10 characters, as the server does', () => {
    expect(reasonProblem('')).toMatch(/at least 10 characters/);
    expect(reasonProblem('   DSR-1   ')).toMatch(/at least 10 characters/);
    expect(reasonProblem('GDPR request DSR-2026-0042')).toBeNull();
  });

  it('puts the server’s reason error on the field and a 409 in words', () => {
    const pii = new ApiError({
      status: 422,
      errors: [{ path: 'body.reason', message: 'The reason must not contain personal data' }],
    });
    expect(erasureError(pii)).toEqual({
      reason: 'The reason must not contain personal data',
      other: undefined,
    });
    const twice = new ApiError({ status: 409, detail: 'The customer was already erased' });
    expect(erasureError(twice)).toEqual({ other: 'The customer was already erased' });
    expect(erasureError(new Error('Network down'))).toEqual({ other: 'Network down' });
  });

  it('sums up what was erased', () => {
    expect(erasureSummary({ counts: { customers: 1, messages: 4, calls: 0 }, files_deleted: 1 })).toBe(
      '5 rows in 2 tables erased or redacted, 1 file deleted.',
    );
    expect(exportFileName('abc', new Date('2026-12-07T10:00:00Z'))).toBe('customer-abc-2026-12-07.json');
  });
});
