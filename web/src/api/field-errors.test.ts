import { describe, expect, it } from 'vitest';
import { problemFieldErrors, zodFieldErrors } from './field-errors';
import { siteCreate, teamCreate, webhookCreate } from './server-schemas';

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

  it('turns the developer text of a validation_failed problem into plain words beside the field', () => {
    const problem = {
      type: 'https://tandem.dev/problems/validation_failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request does not match the schema',
      code: 'validation_failed',
      errors: [
        { path: 'body.name', message: 'Too small: expected string to have >=1 characters' },
        { path: 'body.description', message: 'Too big: expected string to have <=500 characters' },
        { path: 'body.team_id', message: 'Invalid UUID' },
        { path: 'body.email', message: 'Invalid email address' },
      ],
    };
    expect(problemFieldErrors(problem, ['name', 'description', 'team_id', 'email']).fields).toEqual({
      name: 'Required',
      description: 'At most 500 characters',
      team_id: 'Choose a team',
      email: 'Enter an email address such as name@example.com',
    });
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

describe('zodFieldErrors in plain words', () => {
  it('says Required for an empty name and Choose a vendor for an empty select', () => {
    const parsed = teamCreate.safeParse({ vendor_id: '', site_id: null, name: '  ' });
    expect(zodFieldErrors(parsed.error?.issues ?? [])).toEqual({
      vendor_id: 'Choose a vendor',
      name: 'Required',
    });
  });

  it('names the character limit of a long text', () => {
    const parsed = webhookCreate.safeParse({
      url: 'https://hooks.example.com/tandem',
      description: 'x'.repeat(501),
      event_types: ['ticket.*'],
    });
    expect(zodFieldErrors(parsed.error?.issues ?? [])).toEqual({ description: 'At most 500 characters' });
  });
});
