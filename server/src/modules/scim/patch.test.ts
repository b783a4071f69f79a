import { describe, expect, it } from 'vitest';
import { displayNameOf, readPatch, readUserBody, ScimInvalid } from './patch.js';

const ops = (...Operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations,
});

describe('reading SCIM PatchOps (RFC 7644 §3.5.2) as identity providers send them', () => {
  it.each([
    ['Okta: replace without a path', ops({ op: 'replace', value: { active: false } }), { active: false }],
    ['RFC: replace with a path', ops({ op: 'replace', path: 'active', value: false }), { active: false }],
    [
      'Azure AD: capitalised op, string boolean',
      ops({ op: 'Replace', path: 'active', value: 'False' }),
      { active: false },
    ],
    [
      'a path with the schema URN',
      ops({ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:displayName', value: 'Ana' }),
      { displayName: 'Ana' },
    ],
    [
      'name parts and externalId',
      ops(
        { op: 'add', path: 'name.givenName', value: 'Ana' },
        { op: 'add', path: 'externalId', value: 'x1' },
      ),
      { givenName: 'Ana', externalId: 'x1' },
    ],
    ['remove externalId', ops({ op: 'remove', path: 'externalId' }), { externalId: null }],
    ['a role', ops({ op: 'replace', path: 'roles', value: [{ value: 'team_lead' }] }), { role: 'team_lead' }],
    [
      'the work email by value filter',
      ops({ op: 'replace', path: 'emails[type eq "work"].value', value: 'A@B.test' }),
      { userName: 'a@b.test' },
    ],
    ['an attribute Tandem keeps no place for', ops({ op: 'replace', path: 'title', value: 'Lead' }), {}],
  ])('%s', (_name, body, changes) => {
    expect(readPatch(body)).toEqual(changes);
  });

  it.each([
    ['no operations', { Operations: [] }, 'invalidSyntax'],
    ['an unknown op', ops({ op: 'move', path: 'active' }), 'invalidSyntax'],
    ['remove without a path', ops({ op: 'remove' }), 'noTarget'],
    ['remove of active', ops({ op: 'remove', path: 'active' }), 'mutability'],
    ['active as a word', ops({ op: 'replace', path: 'active', value: 'no' }), 'invalidValue'],
    [
      'a brand role',
      ops({ op: 'replace', path: 'roles', value: [{ value: 'brand_admin' }] }),
      'invalidValue',
    ],
    ['replace without path or object', ops({ op: 'replace', value: 'x' }), 'invalidValue'],
  ])('refuses %s', (_name, body, scimType) => {
    expect(() => readPatch(body)).toThrow(ScimInvalid);
    try {
      readPatch(body);
    } catch (err) {
      expect((err as ScimInvalid).scimType).toBe(scimType);
    }
  });
});

describe('reading a SCIM User body', () => {
  it('takes the RFC 7643 §8.2 fields Tandem keeps and ignores the rest, extensions included', () => {
    const changes = readUserBody({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: 'ignored',
      externalId: '701984',
      userName: 'BJensen@example.com',
      name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
      displayName: 'Babs Jensen',
      active: true,
      title: 'Tour Guide',
      password: 't1meMa$heen',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '701984' },
      meta: { resourceType: 'User' },
    });
    expect(changes).toEqual({
      externalId: '701984',
      userName: 'bjensen@example.com',
      displayName: 'Babs Jensen',
      familyName: 'Jensen',
      givenName: 'Barbara',
      active: true,
    });
  });

  it('composes a display name from name parts when none is given', () => {
    expect(displayNameOf({ givenName: 'Barbara', familyName: 'Jensen' })).toBe('Barbara Jensen');
    expect(displayNameOf({ displayName: 'Babs', givenName: 'Barbara' })).toBe('Babs');
    expect(displayNameOf({})).toBeUndefined();
  });
});
