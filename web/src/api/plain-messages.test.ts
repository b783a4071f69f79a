import { describe, expect, it } from 'vitest';
import { fieldNoun, plainMessage } from './plain-messages';

describe('plainMessage', () => {
  it.each([
    ['Too small: expected string to have >=1 characters', 'body.name', 'Required'],
    ['Too small: expected string to have >=3 characters', 'body.name', 'At least 3 characters'],
    ['Too big: expected string to have <=200 characters', 'body.name', 'At most 200 characters'],
    ['Too big: expected string to have exactly 2 characters', 'body.country', 'Exactly 2 characters'],
    ['Too small: expected array to have >=1 items', 'body.event_types', 'Add at least one'],
    ['Too big: expected array to have <=50 items', 'body.languages', 'At most 50'],
    ['Too small: expected number to be >=1', 'skills.0.proficiency', 'At least 1'],
    ['Too big: expected number to be <=5', 'skills.0.proficiency', 'At most 5'],
    ['Too small: expected number to be >0', 'body.limit', 'More than 0'],
    ['Invalid input: expected number, received NaN', 'chat', 'Enter a number'],
    ['Invalid input: expected int, received number', 'chat', 'Enter a whole number'],
    ['Invalid input: expected string, received undefined', 'body.name', 'Required'],
    ['Invalid input: expected string, received undefined', 'body.team_id', 'Choose a team'],
    ['Invalid UUID', 'body.team_id', 'Choose a team'],
    ['Invalid UUID', 'vendor_id', 'Choose a vendor'],
    ['Invalid UUID', 'body.agent_id', 'Choose an agent'],
    ['Invalid option: expected one of "brand_admin"|"agent"', 'body.role', 'Choose a role'],
    ['Invalid email address', 'body.email', 'Enter an email address such as name@example.com'],
    ['Invalid URL', 'body.url', 'Enter a full address starting with https://'],
    ['Invalid ISO date', 'body.contract_start', 'Enter a date as YYYY-MM-DD'],
    ['Invalid string: must match pattern /^[a-z]{2}$/', 'body.language', 'Not in the expected format'],
  ])('%s at %s reads "%s"', (message, path, plain) => {
    expect(plainMessage(message, path)).toBe(plain);
  });

  it('keeps messages the server wrote for people', () => {
    expect(plainMessage('already exists', 'body.name')).toBe('already exists');
    expect(plainMessage('use at least 12 characters', 'body.password')).toBe('use at least 12 characters');
    expect(plainMessage('not an IANA time zone such as "Asia/Manila"', 'time_zone')).toBe(
      'not an IANA time zone such as "Asia/Manila"',
    );
  });

  it('names the field a select chooses', () => {
    expect(fieldNoun('body.vendor_id')).toBe('vendor');
    expect(fieldNoun('skills.0.skill')).toBe('skill');
    expect(fieldNoun('time_zone')).toBe('time zone');
    expect(fieldNoun('body.expiresInDays')).toBe('expires in days');
  });
});
