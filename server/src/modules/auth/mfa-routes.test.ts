import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { sealSecret } from './mfa.js';

let t: TestContext;
// The key of TOTP secrets before encryption at rest: rows sealed under it must still open.
const legacyKey = randomBytes(32);
beforeAll(async () => {
  t = await startTestApp({
    TANDEM_LOGIN_MAX_FAILURES: '3',
    TANDEM_MFA_KEY: legacyKey.toString('base64'),
  });
});
afterAll(() => t.close());

/** A code `steps` periods from now: +1 is the next one, still inside the ±1 step window. */
const code = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

function cookiesOf(res: { response: { cookies: Array<{ name: string; value: string }> } }) {
  return Object.fromEntries(res.response.cookies.map((c) => [c.name, c.value]));
}

const login = (email: string) =>
  call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password: TEST_PASSWORD } });

/** Headers of a signed-in browser session (cookie and CSRF token). */
function sessionHeaders(res: Awaited<ReturnType<typeof login>>) {
  const jar = cookiesOf(res);
  return { cookie: `tandem_session=${jar.tandem_session}`, 'x-csrf-token': res.body.csrfToken };
}

/** Signs in (no MFA yet), enrols and confirms; returns the secret and the recovery codes. */
async function enrolled(email: string) {
  const headers = sessionHeaders(await login(email));
  const enrol = await call(t.app, 'POST', '/api/v1/auth/mfa/enrol', { body: {}, headers });
  expect(enrol.status).toBe(200);
  const secret = enrol.body.secret as string;
  expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Tandem:.*secret=/);
  const confirmed = await call(t.app, 'POST', '/api/v1/auth/mfa/confirm', {
    body: { code: await code(secret) },
    headers,
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.signedIn).toBeNull();
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[], headers };
}

async function auditActions(objectId: string) {
  const rows = await withSystem(t.database.db, (tx) =>
    tx.selectFrom('audit_log').select('action').where('object_id', '=', objectId).orderBy('seq').execute(),
  );
  return rows.map((r) => r.action);
}

describe('multi-factor sign-in', () => {
  it('enrols, then signs in with the password and a code from the authenticator', async () => {
    const admin = await t.make.user('brand_admin');
    const { secret, recoveryCodes, headers } = await enrolled(admin.email);
    expect(recoveryCodes).toHaveLength(10);

    // The secret is sealed in the database (encryption at rest) and never shown again.
    const row = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('user_mfa').selectAll().where('user_id', '=', admin.userId).executeTakeFirstOrThrow(),
    );
    expect(row.secret.startsWith('tdm1:')).toBe(true);
    expect(row.secret).not.toContain(secret);
    const status = await call(t.app, 'GET', '/api/v1/auth/mfa', { headers });
    expect(status.body).toMatchObject({ enrolled: true, required: false, recoveryCodesLeft: 10 });
    expect(JSON.stringify(status.body)).not.toContain(secret);
    const again = await call(t.app, 'POST', '/api/v1/auth/mfa/enrol', { body: {}, headers });
    expect(again.status).toBe(409);

    const first = await login(admin.email);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mfaRequired: true, enrol: false });
    expect(cookiesOf(first).tandem_session).toBeUndefined();

    const verified = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge: first.body.challenge, code: await code(secret, 1) },
    });
    expect(verified.status).toBe(200);
    expect(verified.body.actor.userId).toBe(admin.userId);
    const me = await call(t.app, 'GET', '/api/v1/auth/me', {
      headers: { cookie: `tandem_session=${cookiesOf(verified).tandem_session}` },
    });
    expect(me.body.userId).toBe(admin.userId);
    // The challenge is spent.
    const reused = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge: first.body.challenge, code: await code(secret, 1) },
    });
    expect(reused.status).toBe(401);
    expect(await auditActions(admin.userId)).toContain('user.mfa_enrolled');
  });

  it('still accepts a secret stored before encryption at rest, and re-seals it on that use', async () => {
    for (const format of ['v1', 'plain'] as const) {
      const user = await t.make.user('brand_admin');
      const { secret } = await enrolled(user.email);
      const legacy = sealSecret(secret, user.userId, format === 'v1' ? legacyKey : null);
      const stored = () =>
        withSystem(t.database.db, (tx) =>
          tx
            .selectFrom('user_mfa')
            .select('secret')
            .where('user_id', '=', user.userId)
            .executeTakeFirstOrThrow(),
        );
      await withSystem(t.database.db, (tx) =>
        tx.updateTable('user_mfa').set({ secret: legacy }).where('user_id', '=', user.userId).execute(),
      );
      const first = await login(user.email);
      const verified = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
        body: { challenge: first.body.challenge, code: await code(secret, 1) },
      });
      expect(verified.status, format).toBe(200);
      const after = (await stored()).secret;
      expect(after.startsWith('tdm1:'), format).toBe(true);
      expect(after).not.toContain(secret);
    }
  });

  it('refuses a wrong code and a replayed one, and throttles wrong codes', async () => {
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    const { secret } = await enrolled(agent.email);
    const challenge = (await login(agent.email)).body.challenge;
    const right = await code(secret, 1);
    const wrong = right === '000000' ? '111111' : '000000';
    const refused = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge, code: wrong },
    });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/wrong or was already used/);
    const ok = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', { body: { challenge, code: right } });
    expect(ok.status).toBe(200);

    // The same code again, within its window, on a fresh sign-in: refused.
    const next = (await login(agent.email)).body.challenge;
    const replay = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge: next, code: right },
    });
    expect(replay.status).toBe(401);
    // Three wrong codes since the last right one (TANDEM_LOGIN_MAX_FAILURES=3) hold further tries,
    // even with a right code.
    await call(t.app, 'POST', '/api/v1/auth/mfa/verify', { body: { challenge: next, code: wrong } });
    const third = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge: next, code: wrong },
    });
    expect(third.status).toBe(401);
    const stillHeld = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge: next, code: await code(secret, 1) },
    });
    expect(stillHeld.status).toBe(429);
    expect(stillHeld.body.detail).toMatch(/try again in \d+ s/);
  });

  it('takes a recovery code once only, and audits its use', async () => {
    const lead = await t.make.user('team_lead', (await t.make.vendor()).id);
    const { recoveryCodes, headers } = await enrolled(lead.email);
    const used = recoveryCodes[3]!;
    const first = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge: (await login(lead.email)).body.challenge, code: used.toUpperCase() },
    });
    expect(first.status).toBe(200);
    const second = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge: (await login(lead.email)).body.challenge, code: used },
    });
    expect(second.status).toBe(401);
    const status = await call(t.app, 'GET', '/api/v1/auth/mfa', { headers });
    expect(status.body.recoveryCodesLeft).toBe(9);
    expect(await auditActions(lead.userId)).toContain('user.mfa_recovery_code_used');
  });

  it('leaves API tokens working without a code, and lets no token set up or turn off MFA', async () => {
    const admin = await t.make.user('brand_admin');
    await enrolled(admin.email);
    const me = await call(t.app, 'GET', '/api/v1/auth/me', { token: admin.token });
    expect(me.status).toBe(200);
    const enrol = await call(t.app, 'POST', '/api/v1/auth/mfa/enrol', { token: admin.token, body: {} });
    expect(enrol.status).toBe(403);
    const disable = await call(t.app, 'POST', '/api/v1/auth/mfa/disable', {
      token: admin.token,
      body: { code: '123456' },
    });
    expect(disable.status).toBe(403);
  });

  it('turns MFA off with a current code', async () => {
    const admin = await t.make.user('brand_admin');
    const { secret, headers } = await enrolled(admin.email);
    const off = await call(t.app, 'POST', '/api/v1/auth/mfa/disable', {
      headers,
      body: { code: await code(secret, 1) },
    });
    expect(off.status).toBe(204);
    expect((await login(admin.email)).body.actor.userId).toBe(admin.userId);
    expect(await auditActions(admin.userId)).toContain('user.mfa_disabled');
  });
});

describe('the brand’s MFA policy', () => {
  it('forces the users it covers to enrol before their first session', async () => {
    const admin = await t.make.user('brand_admin');
    const covered = await t.make.vendor();
    const other = await t.make.vendor();
    const put = await call(t.app, 'PUT', '/api/v1/auth/mfa/policy', {
      token: admin.token,
      body: { required_for: { vendor_ids: [covered.id] } },
    });
    expect(put.status).toBe(200);
    expect(put.body.required_for).toEqual({ brand_staff: false, vendor_ids: [covered.id] });
    expect(await auditActions(t.organizationId)).toContain('mfa_policy.changed');

    const free = await t.make.user('agent', other.id);
    expect((await login(free.email)).body.actor.userId).toBe(free.userId);

    const agent = await t.make.user('agent', covered.id);
    const first = await login(agent.email);
    expect(first.body).toMatchObject({ mfaRequired: true, enrol: true });
    const { challenge } = first.body;
    // An enrolment challenge opens no session by itself.
    const verify = await call(t.app, 'POST', '/api/v1/auth/mfa/verify', {
      body: { challenge, code: '123456' },
    });
    expect(verify.status).toBe(403);
    const enrol = await call(t.app, 'POST', '/api/v1/auth/mfa/enrol', { body: { challenge } });
    expect(enrol.status).toBe(200);
    const confirmed = await call(t.app, 'POST', '/api/v1/auth/mfa/confirm', {
      body: { challenge, code: await code(enrol.body.secret) },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(confirmed.body.signedIn.actor.userId).toBe(agent.userId);
    const me = await call(t.app, 'GET', '/api/v1/auth/me', {
      headers: { cookie: `tandem_session=${cookiesOf(confirmed).tandem_session}` },
    });
    expect(me.body.userId).toBe(agent.userId);

    await call(t.app, 'PUT', '/api/v1/auth/mfa/policy', {
      token: admin.token,
      body: { required_for: 'none' },
    });
  });

  it('is set by brand admins only, with vendors of the organization', async () => {
    const vendor = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', vendor.id);
    const refused = await call(t.app, 'PUT', '/api/v1/auth/mfa/policy', {
      token: vendorAdmin.token,
      body: { required_for: 'all' },
    });
    expect(refused.status).toBe(403);
    const admin = await t.make.user('brand_admin');
    const unknown = await call(t.app, 'PUT', '/api/v1/auth/mfa/policy', {
      token: admin.token,
      body: { required_for: { vendor_ids: ['00000000-0000-4000-8000-000000000000'] } },
    });
    expect(unknown.status).toBe(422);
  });
});

describe('resetting a user’s MFA', () => {
  it('lets a vendor admin reset their own vendor’s user, not another vendor’s', async () => {
    const mine = await t.make.vendor();
    const theirs = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', mine.id);
    const myAgent = await t.make.user('agent', mine.id);
    const theirAgent = await t.make.user('agent', theirs.id);
    const mySession = await enrolled(myAgent.email);
    await enrolled(theirAgent.email);

    const foreign = await call(t.app, 'POST', `/api/v1/users/${theirAgent.userId}/mfa/reset`, {
      token: vendorAdmin.token,
    });
    expect(foreign.status).toBe(404);
    expect((await login(theirAgent.email)).body.mfaRequired).toBe(true);

    const agentTries = await call(t.app, 'POST', `/api/v1/users/${myAgent.userId}/mfa/reset`, {
      token: myAgent.token,
    });
    expect(agentTries.status).toBe(403);

    const reset = await call(t.app, 'POST', `/api/v1/users/${myAgent.userId}/mfa/reset`, {
      token: vendorAdmin.token,
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ userId: myAgent.userId, wasEnrolled: true });
    // Whoever was signed in as the agent (the session that enrolled) is out.
    const after = await call(t.app, 'GET', '/api/v1/auth/me', { headers: mySession.headers });
    expect(after.status).toBe(401);
    expect((await login(myAgent.email)).body.actor.userId).toBe(myAgent.userId);
    expect(await auditActions(myAgent.userId)).toContain('user.mfa_reset');
  });
});
