import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import type { z } from 'zod';
import type { Config } from '../../platform/config.js';
import { fieldContext } from '../../platform/crypto/envelope.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { type Actor, withSystem } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound, Unauthorized } from '../../platform/errors.js';
import { changes, record, snapshot } from '../audit/index.js';
import { provisionUser } from '../users/index.js';
import { newSecret, secretHash } from './credentials.js';
import { type LoginResult, startSession } from './sessions.js';
import { isLoopbackHttp, issuerProblem, roleFromClaims, rolesFor, safeRedirect } from './sso.js';
import * as repo from './sso-repository.js';
import type { ssoProviderCreate, ssoProviderPatch } from './sso-schemas.js';

/** How long a sign-in may take at the identity provider before its state is forgotten. */
const STATE_MINUTES = 10;

const secretContext = (providerId: string) => fieldContext('sso_providers', 'client_secret', providerId);

type ProviderRow = NonNullable<Awaited<ReturnType<typeof repo.findProvider>>>;

/** A provider as the API shows it: never the client secret. */
export function providerView(row: ProviderRow) {
  const { client_secret: _, organization_id: __, ...view } = row;
  return view;
}

/** Discovered issuer metadata, per provider version (a change of issuer or client discovers again). */
const discovered = new Map<string, Promise<oidc.Configuration>>();

async function configurationOf(keyring: Keyring, provider: ProviderRow): Promise<oidc.Configuration> {
  const key = `${provider.id}@${provider.updated_at}`;
  let pending = discovered.get(key);
  if (!pending) {
    pending = (async () => {
      const secret = await keyring.open(provider.client_secret, secretContext(provider.id));
      return oidc.discovery(
        new URL(provider.issuer),
        provider.client_id,
        undefined,
        oidc.ClientSecretBasic(secret),
        {
          timeout: 10,
          ...(isLoopbackHttp(provider.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
        },
      );
    })();
    // A failed discovery (the provider was down) is tried again next time.
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending;
}

function checkRoles(
  vendorId: string | null,
  input: { role_map?: Record<string, Role>; default_role?: Role | null },
) {
  const allowed = rolesFor(vendorId);
  const errors = Object.entries(input.role_map ?? {})
    .filter(([, role]) => !allowed.includes(role))
    .map(([group, role]) => ({
      path: `body.role_map.${group}`,
      message: `${role} is not a role ${vendorId ? 'a vendor' : 'the brand'}’s sign-in may grant`,
    }));
  if (input.default_role && !allowed.includes(input.default_role))
    errors.push({
      path: 'body.default_role',
      message: `${input.default_role} is not a role this sign-in may grant`,
    });
  if (errors.length) throw new Invalid('A role in the mapping belongs to the other side', errors);
}

function checkIssuer(issuer: string | undefined) {
  const problem = issuer === undefined ? null : issuerProblem(issuer);
  if (problem)
    throw new Invalid('The issuer address is not usable', [{ path: 'body.issuer', message: problem }]);
}

export async function listProviders(db: Kysely<DB>, actor: Actor) {
  const rows = await withSystem(db, (tx) => repo.listProviders(tx, actor.organizationId));
  return rows.map(providerView);
}

async function providerOf(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await withSystem(db, (tx) => repo.findProvider(tx, id));
  if (!row || row.organization_id !== actor.organizationId) throw new NotFound('Identity provider', id);
  return row;
}

export async function createProvider(
  db: Kysely<DB>,
  keyring: Keyring,
  actor: Actor,
  input: z.output<typeof ssoProviderCreate>,
) {
  checkIssuer(input.issuer);
  const vendorId = input.vendor_id ?? null;
  checkRoles(vendorId, input);
  await keyring.ready();
  const id = randomUUID();
  return withSystem(db, async (tx) => {
    if (vendorId) {
      const vendor = await tx
        .selectFrom('vendors')
        .select('id')
        .where('id', '=', vendorId)
        .where('organization_id', '=', actor.organizationId)
        .executeTakeFirst();
      if (!vendor)
        throw new Invalid('No such vendor', [{ path: 'body.vendor_id', message: 'unknown vendor' }]);
    }
    const row = await repo.insertProvider(tx, {
      ...input,
      vendor_id: vendorId,
      id,
      organization_id: actor.organizationId,
      client_secret: keyring.seal(input.client_secret, secretContext(id)),
    });
    if (!row)
      throw new Conflict(`${vendorId ? 'This vendor' : 'The brand'} has an identity provider already`, [
        { path: 'body.vendor_id', message: 'one identity provider per vendor, and one for the brand' },
      ]);
    await record(tx, actor, {
      action: 'sso_provider.created',
      objectType: 'sso_provider',
      objectId: row.id,
      vendorId,
      details: snapshot(row, [
        'name',
        'issuer',
        'client_id',
        'roles_claim',
        'role_map',
        'default_role',
        'password_login',
        'enabled',
      ]),
    });
    return providerView(row);
  });
}

export async function updateProvider(
  db: Kysely<DB>,
  keyring: Keyring,
  actor: Actor,
  id: string,
  input: z.output<typeof ssoProviderPatch>,
) {
  const before = await providerOf(db, actor, id);
  checkIssuer(input.issuer);
  checkRoles(before.vendor_id, input);
  await keyring.ready();
  return withSystem(db, async (tx) => {
    const { client_secret, ...rest } = input;
    const row = await repo.updateProvider(tx, id, {
      ...rest,
      ...(client_secret !== undefined
        ? { client_secret: keyring.seal(client_secret, secretContext(id)) }
        : {}),
    });
    if (!row) throw new NotFound('Identity provider', id);
    const keys = [
      'name',
      'issuer',
      'client_id',
      'roles_claim',
      'role_map',
      'default_role',
      'password_login',
      'enabled',
    ];
    await record(tx, actor, {
      action: 'sso_provider.updated',
      objectType: 'sso_provider',
      objectId: id,
      vendorId: row.vendor_id,
      details: {
        ...changes(before, row, keys),
        ...(client_secret !== undefined ? { client_secret: 'changed' } : {}),
      },
    });
    return providerView(row);
  });
}

export async function deleteProvider(db: Kysely<DB>, actor: Actor, id: string) {
  const before = await providerOf(db, actor, id);
  await withSystem(db, async (tx) => {
    await repo.deleteProvider(tx, id);
    await record(tx, actor, {
      action: 'sso_provider.deleted',
      objectType: 'sso_provider',
      objectId: id,
      vendorId: before.vendor_id,
      details: snapshot(before, ['name', 'issuer']),
    });
  });
}

export function signInOptions(db: Kysely<DB>) {
  return withSystem(db, (tx) => repo.enabledProviders(tx));
}

export const callbackUrl = (config: Pick<Config, 'publicUrl'>, providerId: string) =>
  `${config.publicUrl}/api/v1/auth/sso/${providerId}/callback`;

/**
 * Starts a sign-in at the provider: a state (kept hashed here and whole in the browser's cookie, so a
 * callback URL cannot be replayed in another browser), a PKCE verifier and a nonce.
 */
export async function startSignIn(
  db: Kysely<DB>,
  config: Pick<Config, 'publicUrl'>,
  keyring: Keyring,
  providerId: string,
  redirect: string | undefined,
  now = new Date(),
) {
  const provider = await withSystem(db, (tx) => repo.findProvider(tx, providerId));
  if (!provider?.enabled) throw new NotFound('Identity provider', providerId);
  const configuration = await configurationOf(keyring, provider);
  const state = newSecret('sso');
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  await withSystem(db, (tx) =>
    repo.insertState(tx, {
      state_hash: secretHash(state),
      provider_id: provider.id,
      code_verifier: codeVerifier,
      nonce,
      redirect_to: safeRedirect(redirect),
      expires_at: new Date(now.getTime() + STATE_MINUTES * 60_000).toISOString(),
    }),
  );
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: callbackUrl(config, provider.id),
    scope: 'openid email profile',
    response_type: 'code',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state, maxAgeSeconds: STATE_MINUTES * 60 };
}

/**
 * Finishes a sign-in: checks the state against the browser's cookie, trades the code (PKCE, nonce and
 * ID token checked by openid-client), and finds the user: by the provider's subject once linked, else
 * by email within the provider's side (a vendor's provider never signs in another vendor's or the
 * brand's user), else creates one with the role the claims map to.
 */
export async function finishSignIn(
  db: Kysely<DB>,
  config: Pick<Config, 'publicUrl' | 'TANDEM_SESSION_TTL_HOURS'>,
  keyring: Keyring,
  providerId: string,
  currentUrl: URL,
  cookieState: string | undefined,
  now = new Date(),
): Promise<{ session: LoginResult; redirectTo: string }> {
  const state = currentUrl.searchParams.get('state') ?? '';
  if (!state || state !== cookieState)
    throw new Unauthorized('This sign-in was started in another browser or has expired; start again');
  const pending = await withSystem(db, (tx) => repo.takeState(tx, secretHash(state), now));
  if (!pending || pending.provider_id !== providerId)
    throw new Unauthorized('This sign-in has expired or was used already; start again');
  const provider = await withSystem(db, (tx) => repo.findProvider(tx, providerId));
  if (!provider?.enabled) throw new NotFound('Identity provider', providerId);
  const configuration = await configurationOf(keyring, provider);
  // The redirect_uri sent to the token endpoint must be the registered one, not this request's host.
  const callback = new URL(callbackUrl(config, provider.id));
  callback.search = currentUrl.search;
  const tokens = await oidc
    .authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    })
    .catch((err: unknown) => {
      throw new Unauthorized(`The identity provider did not confirm the sign-in (${(err as Error).message})`);
    });
  let claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  const subject = String(claims.sub ?? '');
  // Many providers put email and groups only in the userinfo answer, not in the ID token.
  if (claims.email === undefined || claims[provider.roles_claim] === undefined) {
    const info = await oidc.fetchUserInfo(configuration, tokens.access_token, subject).catch(() => null);
    if (info) claims = { ...info, ...claims };
  }
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
  const session = await withSystem(db, async (tx) => {
    const system = { organizationId: provider.organization_id, system: `sso: ${provider.name}` };
    let user = await repo.linkedUser(tx, provider.id, subject);
    if (!user) {
      if (!email || claims.email_verified === false)
        throw new Forbidden('The identity provider did not give a verified email address');
      user = await repo.userByEmail(tx, provider.organization_id, email);
      if (user && user.vendorId !== provider.vendor_id)
        throw new Forbidden(`${email} is not one of ${provider.name}’s people in Tandem`);
      if (!user) {
        const role = roleFromClaims(claims, provider);
        if (!role)
          throw new Forbidden(`Your groups at ${provider.name} grant no role in Tandem; ask your admin`);
        const created = await provisionUser(tx, provider.organization_id, {
          email,
          display_name: name.slice(0, 200),
          role,
          vendor_id: provider.vendor_id,
          languages: [],
        });
        await record(tx, system, {
          action: 'user.created',
          objectType: 'user',
          objectId: created.id,
          vendorId: created.vendor_id,
          details: { ...snapshot(created, ['email', 'display_name', 'role', 'vendor_id']), via: 'sso' },
        });
        user = await repo.userByEmail(tx, provider.organization_id, email);
      }
      if (!user) throw new Error('the user just created is not there');
      await repo.link(tx, provider.id, subject, user.userId);
      await record(tx, system, {
        action: 'user.sso_linked',
        objectType: 'user',
        objectId: user.userId,
        vendorId: user.vendorId,
        details: { provider_id: provider.id, subject },
      });
    }
    if (!user.active) throw new Forbidden('Your Tandem account is switched off; ask your admin');
    return startSession(tx, config, user, now.getTime());
  });
  return { session, redirectTo: pending.redirect_to };
}

/** Whether this user must sign in through their side's provider instead of a password. */
export function passwordLoginOff(db: Kysely<DB>, organizationId: string, vendorId: string | null) {
  return withSystem(db, (tx) => repo.passwordLoginOff(tx, organizationId, vendorId));
}
