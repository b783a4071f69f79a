import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function macro(user: TestUser, body: Record<string, unknown>) {
  return call(t.app, 'POST', '/api/v1/macros', { token: user.token, body });
}
async function names(user: TestUser, query = '') {
  const res = await call(t.app, 'GET', `/api/v1/macros${query}`, { token: user.token });
  expect(res.status).toBe(200);
  return (res.body.items as any[]).map((m) => `${m.name}${m.approved ? '' : ' (proposed)'}`).sort();
}

describe('macros', () => {
  it('approves the brand’s at once, keeps vendor proposals to their vendor until a brand admin approves', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const brandAdmin = await t.make.user('brand_admin');
    const adminA = await t.make.user('vendor_admin', a.id);
    const agentA = await t.make.user('agent', a.id);
    const leadB = await t.make.user('team_lead', b.id);
    const agentB = await t.make.user('agent', b.id);

    const greeting = await macro(brandAdmin, {
      name: 'Greeting',
      language: 'en',
      body: 'Hi {{customer.first_name}},',
    });
    expect(greeting.status, JSON.stringify(greeting.body)).toBe(201);
    expect(greeting.body).toMatchObject({ approved: true, approved_by: brandAdmin.userId, vendor_id: null });
    await macro(brandAdmin, { name: 'Saludo', language: 'es', body: 'Hola {{ customer.first_name }}' });
    const proposal = await macro(adminA, {
      name: 'A refund',
      language: 'en',
      body: 'Refund for #{{ticket.number}}',
    });
    expect(proposal.status).toBe(201);
    expect(proposal.body).toMatchObject({ approved: false, approved_at: null, vendor_id: a.id });
    await macro(leadB, { name: 'B shipping', language: 'en', body: 'Shipping update' });

    expect(await names(agentA)).toEqual(['Greeting', 'Saludo']);
    expect(await names(adminA)).toEqual(['A refund (proposed)', 'Greeting', 'Saludo']);
    expect(await names(leadB)).toEqual(['B shipping (proposed)', 'Greeting', 'Saludo']);
    expect(await names(brandAdmin)).toEqual([
      'A refund (proposed)',
      'B shipping (proposed)',
      'Greeting',
      'Saludo',
    ]);
    expect(await names(agentA, '?language=es')).toEqual(['Saludo']);

    // Agents may not write; vendors may not approve; B cannot touch A's proposal.
    expect((await macro(agentA, { name: 'x', language: 'en', body: 'x' })).status).toBe(403);
    const selfApprove = await call(t.app, 'POST', `/api/v1/macros/${proposal.body.id}/approve`, {
      token: adminA.token,
    });
    expect(selfApprove.status).toBe(403);
    for (const [method, url, body] of [
      ['PATCH', `/api/v1/macros/${proposal.body.id}`, { body: 'Mine now' }],
      ['DELETE', `/api/v1/macros/${proposal.body.id}`, undefined],
    ] as const) {
      expect((await call(t.app, method, url, { token: leadB.token, body })).status).toBe(404);
    }
    // Vendors may not change the brand's macros either.
    const brandEdit = await call(t.app, 'PATCH', `/api/v1/macros/${greeting.body.id}`, {
      token: adminA.token,
      body: { body: 'Yo' },
    });
    expect(brandEdit.status).toBe(403);

    const approved = await call(t.app, 'POST', `/api/v1/macros/${proposal.body.id}/approve`, {
      token: brandAdmin.token,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ approved: true, approved_by: brandAdmin.userId });
    expect(await names(agentA)).toEqual(['A refund', 'Greeting', 'Saludo']);
    expect(await names(agentB)).toEqual(['Greeting', 'Saludo']);
    // Approved: its vendor edits it no more.
    const late = await call(t.app, 'PATCH', `/api/v1/macros/${proposal.body.id}`, {
      token: adminA.token,
      body: { name: 'z' },
    });
    expect(late.status).toBe(403);
  });

  it('refuses unknown placeholders when saving, naming the field', async () => {
    const brandAdmin = await t.make.user('brand_admin');
    const bad = await macro(brandAdmin, {
      name: 'Typo',
      language: 'en',
      body: 'Hi {{customer.nmae}} {{ 7*7 }}',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({
      path: 'body.body',
      message: expect.stringContaining('{{customer.nmae}}'),
    });
    const ok = await macro(brandAdmin, { name: 'Fine', language: 'en', body: 'Hi {{customer.name}}' });
    const patched = await call(t.app, 'PATCH', `/api/v1/macros/${ok.body.id}`, {
      token: brandAdmin.token,
      body: { body: 'Hi {{agent.nickname}}' },
    });
    expect(patched.status).toBe(422);
    expect(patched.body.errors[0].path).toBe('body.body');
    const badLanguage = await macro(brandAdmin, { name: 'Lang', language: 'English', body: 'x' });
    expect(badLanguage.status).toBe(400);
    expect(badLanguage.body.errors[0].path).toBe('body.language');
  });

  it('renders a macro for a ticket with the customer’s, ticket’s, agent’s and brand’s names, for its vendor only', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const brandAdmin = await t.make.user('brand_admin');
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const created = await call(t.app, 'POST', '/api/v1/tickets', {
      token: agentA.token,
      body: {
        subject: 'Broken lamp',
        channel: 'email',
        customer: { email: `lamp-${Date.now()}@example.com`, name: 'Ana María Cruz' },
        message: { body_text: 'It flickers' },
      },
    });
    const ticket = created.body;
    const m = await macro(brandAdmin, {
      name: 'Full',
      language: 'en',
      body: 'Dear {{customer.first_name}} ({{customer.name}}), about #{{ticket.number}} "{{ticket.subject}}": {{agent.first_name}} / {{agent.name}}, {{brand.name}}',
    });
    const rendered = await call(t.app, 'POST', `/api/v1/tickets/${ticket.id}/macros/${m.body.id}/render`, {
      token: agentA.token,
    });
    expect(rendered.status).toBe(200);
    expect(rendered.body.body).toMatch(
      new RegExp(
        `^Dear Ana \\(Ana María Cruz\\), about #${ticket.number} "Broken lamp": agent / agent \\d+, Test Brand$`,
      ),
    );
    const foreign = await call(t.app, 'POST', `/api/v1/tickets/${ticket.id}/macros/${m.body.id}/render`, {
      token: agentB.token,
    });
    expect(foreign.status).toBe(404);
    // A proposal of vendor B cannot be rendered by vendor A (nor seen).
    const leadB = await t.make.user('team_lead', b.id);
    const proposalB = await macro(leadB, { name: 'B only', language: 'en', body: 'Hi' });
    const otherVendors = await call(
      t.app,
      'POST',
      `/api/v1/tickets/${ticket.id}/macros/${proposalB.body.id}/render`,
      {
        token: agentA.token,
      },
    );
    expect(otherVendors.status).toBe(404);
  });
});
