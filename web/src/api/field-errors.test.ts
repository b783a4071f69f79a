import { describe, expect, it } from 'vitest';
import { problemFieldErrors, zodFieldErrors } from './field-errors';
import { siteCreate } from './server-schemas';

describe('problemFieldErrors', () => {
  it('puts each body path next to its field and the rest above the form', () => {
    const out = problemFieldErrors(
      {
        detail: 'The request does not match the schema',
        errors: [
          { path: 'body.name', message: 'already taken' },
          { path: 'body.languages.1', message: 'use a BCP 47 language' },
          { path: 'body.vendors_some_constraint', message: '23505' },
          { path: 'query.limit', message: 'too big' },
        ],
      },
      ['name', 'languages'],
    );
    expect(out.fields).toEqual({ name: 'already taken', 'languages.1': 'use a BCP 47 language' });
    expect(out.other).toEqual(['vendors_some_constraint: 23505', 'query.limit: too big']);
  });

  it('prefixes the paths of an array body (PUT /users/{id}/skills)', () => {
    const out = problemFieldErrors(
      { errors: [{ path: 'body.0.proficiency', message: 'too big' }] },
      ['skills'],
      'skills',
    );
    expect(out.fields).toEqual({ 'skills.0.proficiency': 'too big' });
  });

  it('falls back to the problem detail when no field is named', () => {
    expect(problemFieldErrors({ detail: 'Not allowed for your vendor or role' }, ['name']).other).toEqual([
      'Not allowed for your vendor or role',
    ]);
  });
});

describe('zodFieldErrors with the server schema', () => {
  it('names the invalid time zone exactly as the API would', () => {
    const parsed = siteCreate.safeParse({
      vendor_id: '7d4c0b8e-9a57-4f43-9d0b-3b1f2d2c9a11',
      name: 'Manila',
      country: 'PH',
      time_zone: 'Mars/Olympus',
    });
    expect(parsed.success).toBe(false);
    expect(zodFieldErrors(parsed.error?.issues ?? [])).toEqual({
      time_zone: 'not an IANA time zone such as "Asia/Manila"',
    });
  });
});
