import type { Role } from '../../platform/db/schema.js';

/**
 * What SCIM clients read about Tandem (RFC 7643 §5-7) and how a Tandem user looks as a SCIM User.
 * Pure: no I/O. userName is the user's email, which Tandem keys sign-in on.
 */

export const SCIM = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  spc: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

export const SCIM_CONTENT_TYPE = 'application/scim+json';
/** Roles an identity provider may give through `roles`: a vendor's own people. */
export const SCIM_ROLES: readonly Role[] = ['vendor_admin', 'team_lead', 'agent', 'qa_reviewer'];
export const MAX_PAGE = 200;

export interface ScimUserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  active: boolean;
  created_at: string;
  updated_at: string;
  external_id: string | null;
}

export function userResource(u: ScimUserRow, base: string) {
  return {
    schemas: [SCIM.user],
    id: u.id,
    ...(u.external_id !== null ? { externalId: u.external_id } : {}),
    userName: u.email,
    name: { formatted: u.display_name },
    displayName: u.display_name,
    active: u.active,
    emails: [{ value: u.email, type: 'work', primary: true }],
    roles: [{ value: u.role, primary: true }],
    meta: {
      resourceType: 'User',
      created: u.created_at,
      lastModified: u.updated_at,
      location: `${base}/Users/${u.id}`,
      version: `W/"${Date.parse(u.updated_at).toString(36)}"`,
    },
  };
}

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SCIM.spc],
    documentationUri: 'https://github.com/tandem/tandem/blob/main/docs/security.md#scim-provisioning',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'A vendor SCIM token from POST /api/v1/vendors/{id}/scim-tokens',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: [SCIM.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'A person of the token’s vendor',
      schema: SCIM.user,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [SCIM.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A team of the token’s vendor: only its members change through SCIM',
      schema: SCIM.group,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

const attribute = (
  name: string,
  type: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

export function schemas(base: string) {
  return [
    {
      schemas: [SCIM.schema],
      id: SCIM.user,
      name: 'User',
      description: 'User Account',
      attributes: [
        attribute('userName', 'string', { required: true, uniqueness: 'server', mutability: 'immutable' }),
        attribute('name', 'complex', {
          subAttributes: [
            attribute('formatted', 'string'),
            attribute('givenName', 'string'),
            attribute('familyName', 'string'),
          ],
        }),
        attribute('displayName', 'string'),
        attribute('active', 'boolean'),
        attribute('emails', 'complex', {
          multiValued: true,
          subAttributes: [
            attribute('value', 'string'),
            attribute('type', 'string'),
            attribute('primary', 'boolean'),
          ],
        }),
        attribute('roles', 'complex', {
          multiValued: true,
          description: `One of ${SCIM_ROLES.join(', ')}`,
          subAttributes: [attribute('value', 'string'), attribute('primary', 'boolean')],
        }),
      ],
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCIM.user}` },
    },
    {
      schemas: [SCIM.schema],
      id: SCIM.group,
      name: 'Group',
      description: 'A team of the vendor (created and named in Tandem)',
      attributes: [
        attribute('displayName', 'string', { required: true, mutability: 'readOnly' }),
        attribute('members', 'complex', {
          multiValued: true,
          subAttributes: [
            attribute('value', 'string', { mutability: 'immutable' }),
            attribute('display', 'string'),
          ],
        }),
      ],
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCIM.group}` },
    },
  ];
}

export function listResponse<T>(resources: T[], totalResults: number, startIndex: number) {
  return {
    schemas: [SCIM.list],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
