import { describe, expect, it } from 'vitest';
import { claimValues, issuerProblem, roleFromClaims, safeRedirect } from './sso.js';

const vendorProvider = {
  roles_claim: 'groups',
  role_map: { agents: 'agent', leads: 'team_lead', admins: 'brand_admin' } as const,
  default_role: null,
  vendor_id: 'v1',
};

describe('single sign-on decisions', () => {
  it.each([
    [['agents'], 'agent'],
    [['agents', 'leads'], 'team_lead'],
    ['agents leads', 'team_lead'],
    [['kitchen'], null],
    [undefined, null],
    // A vendor's provider never grants a brand role, whatever its map says.
    [['admins'], null],
  ])('groups %j → %s', (groups, role) => {
    expect(roleFromClaims({ groups }, vendorProvider)).toBe(role);
  });

  it('falls back to the default role, if it is one this side may hold', () => {
    expect(roleFromClaims({}, { ...vendorProvider, default_role: 'agent' })).toBe('agent');
    expect(roleFromClaims({}, { ...vendorProvider, default_role: 'auditor' })).toBeNull();
    expect(roleFromClaims({}, { ...vendorProvider, vendor_id: null, default_role: 'auditor' })).toBe(
      'auditor',
    );
  });

  it('reads a claim as a list of strings', () => {
    expect(claimValues(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(claimValues('a, b c')).toEqual(['a', 'b', 'c']);
    expect(claimValues({ a: 1 })).toEqual([]);
  });

  it.each([
    ['/tickets/1?x=2', '/tickets/1?x=2'],
    ['//evil.example/x', '/'],
    ['https://evil.example', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
  ])('redirect %j → %s', (target, to) => {
    expect(safeRedirect(target)).toBe(to);
  });

  it.each([
    ['https://login.example.com/tenant', null],
    ['http://127.0.0.1:4000', null],
    ['http://localhost:4000', null],
    ['http://login.example.com', 'must start with https:// (http:// only for localhost)'],
    ['ftp://x', 'must start with https:// (http:// only for localhost)'],
    ['not a url', 'not a URL'],
  ])('issuer %s', (issuer, problem) => {
    expect(issuerProblem(issuer)).toBe(problem);
  });
});
