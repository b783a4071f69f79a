import { describe, expect, it } from 'vitest';
import { grantableRoles, parseRoleMap, roleMapText, ssoCallbackUrl, ssoFieldErrors } from './sso-form';

describe('SSO provider form', () => {
  it('reads and writes the role map one "group = role" a line', () => {
    expect(parseRoleMap('cc-agents = agent\n\n  cc-leads=Team lead \n')).toEqual({
      map: { 'cc-agents': 'agent', 'cc-leads': 'team_lead' },
    });
    expect(roleMapText({ 'cc-agents': 'agent', x: 'qa_reviewer' })).toBe(
      'cc-agents = agent\nx = qa_reviewer',
    );
    expect(parseRoleMap('')).toEqual({ map: {} });
    expect(parseRoleMap('cc-agents agent')).toEqual({
      error: 'Line 1: write it as “group = role”, e.g. cc-agents = agent',
    });
    expect(parseRoleMap('a = agent\nb = boss')).toMatchObject({
      error: expect.stringMatching(/^Line 2: “boss” is not a role/),
    });
    expect(parseRoleMap('a = agent\na = team_lead')).toEqual({ error: 'Line 2: “a” is there twice' });
  });

  it('offers each side only its own roles', () => {
    expect(grantableRoles('v1')).toEqual(['vendor_admin', 'team_lead', 'agent', 'qa_reviewer']);
    expect(grantableRoles(null)).toEqual(['brand_admin', 'brand_analyst', 'qa_reviewer', 'auditor']);
  });

  it('puts a role map error on the field, naming the group', () => {
    expect(
      ssoFieldErrors({
        'role_map.cc-admins': 'a vendor’s provider cannot grant brand_admin',
        name: 'Required',
      }),
    ).toEqual({
      role_map: 'cc-admins: a vendor’s provider cannot grant brand_admin',
      name: 'Required',
    });
    expect(ssoCallbackUrl('https://t.example/', 'abc')).toBe(
      'https://t.example/api/v1/auth/sso/abc/callback',
    );
  });
});
