import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/platform/db/schema.js';
import { attachmentStore } from '../src/platform/storage/attachment-store.js';
import { call, startTestApp, type TestContext, type TestUser } from './harness.js';
import { connectRealtime, type RealtimeClient } from './realtime-client.js';

/**
 * The core security promise: a user of vendor A never reads or changes anything of vendor B.
 * fast-check builds random worlds of several vendors, then every list, get and update route is driven
 * as users of each vendor and role; no foreign row may come back and none may change.
 */

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const VENDOR_ROLES: Role[] = ['vendor_admin', 'team_lead', 'agent', 'qa_reviewer', 'auditor'];
const BRAND_ROLES: Role[] = ['brand_admin', 'brand_analyst', 'auditor', 'qa_reviewer'];

interface World {
  vendorIds: string[];
  /** The brand's QA scorecard every vendor's reviews are drafted on. */
  scorecardId: string;
  /** Every row id by resource, with the vendor that owns it (null: brand-level). */
  owned: Map<string, Array<{ id: string; vendorId: string | null }>>;
  actors: TestUser[];
}

const worldShape = fc.record({
  vendors: fc.array(
    fc.record({
      sites: fc.integer({ min: 0, max: 2 }),
      teams: fc.integer({ min: 0, max: 2 }),
      tickets: fc.integer({ min: 0, max: 3 }),
      roles: fc.uniqueArray(fc.constantFrom(...VENDOR_ROLES), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 2, maxLength: 3 },
  ),
  brandRole: fc.constantFrom(...BRAND_ROLES),
  sharedCustomer: fc.boolean(),
});

type WorldShape = typeof worldShape extends fc.Arbitrary<infer T> ? T : never;

async function buildWorld(shape: WorldShape): Promise<World> {
  const owned = new Map<string, Array<{ id: string; vendorId: string | null }>>();
  const own = (resource: string, id: string, vendorId: string | null) => {
    owned.set(resource, [...(owned.get(resource) ?? []), { id, vendorId }]);
  };
  const actors: TestUser[] = [await t.make.user(shape.brandRole)];
  const vendorIds: string[] = [];
  const scorecardId = await qaScorecard(null);
  // Every vendor role masked and allowed to reveal, so reveals and masked reads are isolated too.
  await t.database.pool.query(
    `insert into pii_masking_policies (organization_id, masked_roles, reveal_roles)
     values ($1, $2, $2) on conflict (organization_id) do nothing`,
    [t.organizationId, ['vendor_admin', 'team_lead', 'agent', 'qa_reviewer']],
  );
  // A customer who has written to several vendors: each may see the customer, never the others' tickets.
  const shared = shape.sharedCustomer ? await t.make.customer(null) : null;
  for (const v of shape.vendors) {
    const vendor = await t.make.vendor();
    vendorIds.push(vendor.id);
    own('vendors', vendor.id, vendor.id);
    for (let i = 0; i < v.sites; i++) own('sites', (await t.make.site(vendor.id)).id, vendor.id);
    for (let i = 0; i < v.teams; i++) own('teams', (await t.make.team(vendor.id)).id, vendor.id);
    const vendorUsers: string[] = [];
    for (const role of v.roles) {
      const user = await t.make.user(role, vendor.id);
      actors.push(user);
      vendorUsers.push(user.userId);
      own('users', user.userId, vendor.id);
    }
    const vendorCard = await qaScorecard(vendor.id);
    own('qa_scorecards', vendorCard, vendor.id);
    const vendorTickets: string[] = [];
    const vendorReviews: string[] = [];
    const contract = await vendorContract(vendor.id);
    own('vendor_contracts', contract.contractId, vendor.id);
    own('vendor_invoices', contract.invoiceId, vendor.id);
    for (let i = 0; i < v.tickets; i++) {
      const customerId = shared && i === 0 ? shared : await t.make.customer(vendor.id);
      const ticketId = await t.make.ticket(customerId, vendor.id, { conversation: true });
      own('tickets', ticketId, vendor.id);
      if (customerId !== shared) own('customers', customerId, vendor.id);
      own('attachments', await attach(ticketId), vendor.id);
      const state = i % 2 ? 'submitted' : 'draft';
      const reviewId = await qaReview(scorecardId, ticketId, vendor.id, vendorUsers[0]!, state);
      own('qa_reviews', reviewId, vendor.id);
      if (state === 'submitted') {
        own('qa_disputes', await qaDispute(reviewId, vendor.id, vendorUsers[0]!), vendor.id);
        vendorReviews.push(reviewId);
      }
      own('qa_check_findings', await qaFinding(ticketId, vendor.id), vendor.id);
      own('pii_reveals', await piiReveal(ticketId, customerId, vendor.id, vendorUsers[0]!), vendor.id);
      vendorTickets.push(ticketId);
    }
    own(
      'qa_calibration_sessions',
      await qaCalibration(vendorCard, vendor.id, vendorUsers[0]!, vendorTickets),
      vendor.id,
    );
    const rule = await qaSamplingRule(vendorCard, vendor.id, vendorUsers[0]!);
    own('qa_sampling_rules', rule, vendor.id);
    for (const ticketId of vendorTickets)
      own('qa_assignments', await qaAssignment(rule, ticketId, vendor.id, vendorUsers[0]!), vendor.id);
    if (vendorReviews.length) {
      const coaching = await qaCoaching(vendorReviews, vendor.id, vendorUsers[0]!);
      own('qa_coaching_sessions', coaching.sessionId, vendor.id);
      own('qa_coaching_actions', coaching.actionId, vendor.id);
    }
  }
  return { vendorIds, scorecardId, owned, actors };
}

const QA_DEFINITION = JSON.stringify({
  weighting: 'points',
  allow_above_100: false,
  sections: [
    {
      id: 's',
      name: 'S',
      weight: 1,
      bonus: false,
      criteria: [
        { id: 'c', name: 'C', scale: { kind: 'binary' }, weight: 1, na_allowed: false, critical: 'none' },
      ],
    },
  ],
});

/** A user's reveal of a ticket's customer (docs/privacy.md#masking), still running. */
async function piiReveal(ticketId: string, customerId: string, vendorId: string, userId: string) {
  const { rows } = await t.database.pool.query(
    `insert into pii_reveals (organization_id, vendor_id, user_id, customer_id, ticket_id, reason, expires_at)
     values ($1, $2, $3, $4, $5, 'Customer asked to confirm', now() + interval '1 hour') returning id`,
    [t.organizationId, vendorId, userId, customerId, ticketId],
  );
  return rows[0].id as string;
}

/** A QA scorecard with its version 1: the brand's (null) or a vendor's own. Returns the scorecard id. */
async function qaScorecard(vendorId: string | null): Promise<string> {
  const { rows } = await t.database.pool.query(
    `with s as (insert into qa_scorecards (organization_id, vendor_id, name) values ($1, $2, 'QA') returning id)
     insert into qa_scorecard_versions (organization_id, scorecard_id, version, definition)
     select $1, id, 1, $3 from s returning scorecard_id`,
    [t.organizationId, vendorId, QA_DEFINITION],
  );
  return rows[0].scorecard_id;
}

/** A QA review of the ticket on the scorecard's version 1, as a draft or submitted (scored 100%). */
async function qaReview(
  scorecardId: string,
  ticketId: string,
  vendorId: string,
  agentId: string,
  state: string,
) {
  const submitted = state === 'submitted';
  const { rows } = await t.database.pool.query(
    `insert into qa_reviews (organization_id, scorecard_version_id, ticket_id, agent_id, vendor_id, reviewer_id,
                             state, answers, score_numerator, score_denominator, score_percent, auto_failed,
                             submitted_at)
     select $1, v.id, $3, $4, $5, $4, $6, '{"c": {"value": 1}}', $7, $7, $8, $9, $10
       from qa_scorecard_versions v where v.scorecard_id = $2 and v.version = 1
     returning id`,
    [
      t.organizationId,
      scorecardId,
      ticketId,
      agentId,
      vendorId,
      state,
      submitted ? 1 : null,
      submitted ? 100 : null,
      submitted ? false : null,
      submitted ? new Date(0).toISOString() : null,
    ],
  );
  return rows[0].id;
}

/** An open dispute of a submitted review, raised by its agent. */
async function qaDispute(reviewId: string, vendorId: string, agentId: string) {
  const { rows } = await t.database.pool.query(
    `insert into qa_disputes (organization_id, review_id, vendor_id, agent_id, reason, raised_by)
     values ($1, $2, $3, $4, 'Unfair', $4) returning id`,
    [t.organizationId, reviewId, vendorId, agentId],
  );
  return rows[0].id;
}

/** An automated check's finding on the ticket's first message, as the outbox consumer leaves it. */
async function qaFinding(ticketId: string, vendorId: string) {
  const { rows } = await t.database.pool.query(
    `insert into qa_check_findings (organization_id, vendor_id, ticket_id, message_id, check_name, detail)
     select organization_id, $2, ticket_id, id, 'missing_greeting', 'No greeting'
       from messages where ticket_id = $1 limit 1
     returning id`,
    [ticketId, vendorId],
  );
  return rows[0].id;
}

/** A vendor's own sampling rule on its own scorecard, the user reviewing. */
async function qaSamplingRule(scorecardId: string, vendorId: string, userId: string) {
  const { rows } = await t.database.pool.query(
    `insert into qa_sampling_rules (organization_id, vendor_id, name, scorecard_id, scope_vendor_id, per_agent,
       reviewer_ids, created_by)
     values ($1, $2, $5, $3, $2, 1, array[$4]::uuid[], $4) returning id`,
    [t.organizationId, vendorId, scorecardId, userId, `Weekly ${vendorId}`],
  );
  return rows[0].id;
}

/** A conversation the rule sampled, as its run leaves it. */
async function qaAssignment(ruleId: string, ticketId: string, vendorId: string, userId: string) {
  const { rows } = await t.database.pool.query(
    `insert into qa_assignments (organization_id, vendor_id, rule_id, week, ticket_id, agent_id, reviewer_id, due_at)
     values ($1, $2, $3, '2026-11-30', $4, $5, $5, now()) returning id`,
    [t.organizationId, vendorId, ruleId, ticketId, userId],
  );
  return rows[0].id;
}

/** A planned coaching session of the user (the reviewed agent) on the vendor's reviews, with one action item. */
async function qaCoaching(reviewIds: string[], vendorId: string, userId: string) {
  const { rows } = await t.database.pool.query(
    `with s as (
       insert into qa_coaching_sessions (organization_id, vendor_id, agent_id, coach_id, review_ids, created_by)
       values ($1, $2, $3, $3, $4, $3) returning id)
     insert into qa_coaching_actions (organization_id, vendor_id, session_id, description, due_date)
     select $1, $2, id, 'Read the refund policy', '2000-01-03' from s returning id, session_id`,
    [t.organizationId, vendorId, userId, reviewIds],
  );
  return { sessionId: rows[0].session_id as string, actionId: rows[0].id as string };
}

/** A vendor's open calibration session on its own scorecard and tickets, the user as benchmark. */
async function qaCalibration(scorecardId: string, vendorId: string, userId: string, ticketIds: string[]) {
  await t.database.pool.query(
    `with s as (
       insert into qa_calibration_sessions (organization_id, vendor_id, name, scorecard_version_id,
                                            benchmark_reviewer_id, created_by)
       select $1, $2, 'Calibration', v.id, $3, $3 from qa_scorecard_versions v where v.scorecard_id = $4
       returning id),
     p as (insert into qa_calibration_participants (session_id, user_id, organization_id, vendor_id)
           select id, $3, $1, $2 from s)
     insert into qa_calibration_tickets (session_id, ticket_id, organization_id, vendor_id)
     select s.id, unnest($5::uuid[]), $1, $2 from s`,
    [t.organizationId, vendorId, userId, scorecardId, ticketIds],
  );

  const found = await t.database.pool.query('select id from qa_calibration_sessions where vendor_id = $1', [
    vendorId,
  ]);
  return found.rows[0].id;
}

/** A vendor contract with its version 1 and a draft invoice of 2026-10. */
async function vendorContract(vendorId: string) {
  const { rows } = await t.database.pool.query(
    `with c as (insert into vendor_contracts (organization_id, vendor_id, name) values ($1, $2, 'Contract') returning id),
          v as (insert into vendor_contract_versions (organization_id, contract_id, version, effective_from, currency, terms)
                select $1, id, 1, '2026-01-01', 'EUR', '{"lines": [], "minimum_commitment_minor": null, "credit_rules": []}'
                from c returning contract_id)
     insert into vendor_invoices (organization_id, vendor_id, contract_id, month, lines, totals, inputs, computed_at)
     select $1, $2, contract_id, '2026-10', '[]', '{}',
            '{"volumes": [], "attainments": [], "productive_hours_measured": false}', now()
     from v returning id, contract_id`,
    [t.organizationId, vendorId],
  );
  return { contractId: rows[0].contract_id as string, invoiceId: rows[0].id as string };
}

/** A stored file on the ticket's first message, as email intake leaves it. */
async function attach(ticketId: string): Promise<string> {
  const stored = await attachmentStore(t.config).put(Buffer.from(`file of ${ticketId}`));
  const { rows } = await t.database.pool.query(
    `insert into attachments (organization_id, ticket_id, message_id, filename, declared_content_type,
                              sniffed_content_type, size, sha256, storage_key)
     select organization_id, ticket_id, id, 'file.txt', 'text/plain', 'text/plain', $2, $3, $3
       from messages where ticket_id = $1 limit 1
     returning id`,
    [ticketId, stored.size, stored.key],
  );
  return rows[0].id;
}

/** Every item of a list route, following cursors. */
async function listAll(actor: TestUser, url: string): Promise<{ status: number; items: any[] }> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const sep = url.includes('?') ? '&' : '?';
    const res = await call(t.app, 'GET', `${url}${sep}limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
      token: actor.token,
    });
    if (res.status !== 200) return { status: res.status, items };
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  return { status: 200, items };
}

/** Vendor of each visible row, read as the owner (bypassing RLS), to judge what came back. */
async function vendorOf(resource: string, ids: string[]): Promise<Map<string, Set<string | null>>> {
  const result = new Map<string, Set<string | null>>();
  if (!ids.length) return result;
  const add = (id: string, v: string | null) => result.set(id, (result.get(id) ?? new Set()).add(v));
  const q = (text: string) => t.database.pool.query(text, [ids]);
  const rows =
    resource === 'vendors'
      ? (await q('select id, id as vendor_id from vendors where id = any($1)')).rows
      : resource === 'customers'
        ? (
            await q(
              'select c.id, t.vendor_id from customers c left join tickets t on t.customer_id = c.id where c.id = any($1) union all select id, created_by_vendor_id from customers where id = any($1)',
            )
          ).rows
        : (await q(`select id, vendor_id from ${resource} where id = any($1)`)).rows;
  for (const r of rows) add(r.id, r.vendor_id);
  return result;
}

const LISTS = [
  'vendors',
  'sites',
  'teams',
  'users',
  'tickets',
  'customers',
  'qa_scorecards',
  'qa_reviews',
  'qa_disputes',
  'qa_calibration_sessions',
  'qa_check_findings',
  'qa_sampling_rules',
  'qa_assignments',
  'qa_coaching_sessions',
  'qa_coaching_actions',
  'vendor_contracts',
  'vendor_invoices',
  'pii_reveals',
] as const;
/** Resources whose route is not /api/v1/<table>. */
const PATHS: Record<string, string> = {
  qa_scorecards: 'qa/scorecards',
  qa_reviews: 'qa/reviews',
  qa_disputes: 'qa/disputes',
  qa_calibration_sessions: 'qa/calibrations',
  qa_check_findings: 'qa/check-findings',
  qa_sampling_rules: 'qa/sampling-rules',
  qa_assignments: 'qa/assignments',
  qa_coaching_sessions: 'qa/coaching-sessions',
  qa_coaching_actions: 'qa/coaching-actions',
  vendor_contracts: 'billing/contracts',
  vendor_invoices: 'billing/invoices',
  pii_reveals: 'privacy/reveals',
};
/** Writes on a foreign row by POST (no PATCH route): path after the row's id, and the body. */
const POSTS: Record<string, Array<[string, unknown]>> = {
  vendor_contracts: [
    ['invoices', { month: '2026-10' }],
    ['versions', { effective_from: '2027-01-01', currency: 'EUR', lines: [] }],
  ],
  vendor_invoices: [
    ['approve', {}],
    [
      'claims',
      { lines: [{ kind: 'fee', currency: 'EUR', quantity: 1, rate_minor: 100, amount_minor: 100 }] },
    ],
    [
      'claims',
      {
        csv: 'kind,currency,model,channel,language,tier,quantity,rate_minor,amount_minor\nfee,EUR,,,,,1,5,5',
      },
    ],
    ['reconciliation/comments', { comment: 'Taken over' }],
    ['reconciliation/accept', { comment: 'Taken over' }],
    ['reconciliation/dispute', { comment: 'Taken over' }],
  ],
  qa_disputes: [
    ['reject', { comment: 'Taken over' }],
    ['accept', { answers: { c: { value: 0 } } }],
  ],
  qa_calibration_sessions: [['close', {}]],
  qa_check_findings: [['dismiss', { reason: 'Taken over' }]],
  qa_sampling_rules: [['run', {}]],
  qa_coaching_sessions: [
    ['held', {}],
    ['actions', { description: 'Taken over', due_date: '2999-12-31' }],
  ],
};
const path = (resource: string) => PATHS[resource] ?? resource;
/** Reads under a foreign row's id: path after the id. */
const GETS: Record<string, string[]> = {
  tickets: ['messages', 'events', 'timeline', 'activity'],
  vendor_invoices: ['reconciliation'],
};
/** Rows hanging off a resource (table, column naming it), counted so a foreign POST adds none. */
const CHILDREN: Record<string, Array<[string, string]>> = {
  vendor_invoices: [
    ['vendor_invoice_claims', 'invoice_id'],
    ['vendor_invoice_reconciliation_events', 'invoice_id'],
  ],
  qa_coaching_sessions: [['qa_coaching_actions', 'session_id']],
};
/** Resources only some roles see all of (in their vendor): agents and team leads see only their own reviews. */
const SEEN_WHOLE_BY: Record<string, Role[]> = {
  qa_reviews: ['brand_admin', 'qa_reviewer', 'vendor_admin'],
  qa_disputes: ['brand_admin', 'brand_analyst', 'auditor', 'qa_reviewer', 'vendor_admin'],
  // Findings are QA's: roles without qa:review are refused the list (403) rather than shown part.
  qa_check_findings: ['brand_admin', 'qa_reviewer', 'vendor_admin'],
  qa_sampling_rules: ['brand_admin', 'qa_reviewer', 'vendor_admin'],
  qa_assignments: ['brand_admin', 'qa_reviewer', 'vendor_admin'],
  // Agents read their own coaching, team leads their team's (the session's agent here has no team).
  qa_coaching_sessions: ['brand_admin', 'brand_analyst', 'auditor', 'qa_reviewer', 'vendor_admin'],
  qa_coaching_actions: ['brand_admin', 'brand_analyst', 'auditor', 'qa_reviewer', 'vendor_admin'],
  // Everyone else lists only their own reveals.
  pii_reveals: ['brand_admin', 'auditor', 'vendor_admin'],
};
/** Brand-level rows every vendor may see (the brand's scorecards). */
const SHARED_WITH_VENDORS = new Set(['qa_scorecards']);
const PATCHES: Record<string, unknown> = {
  qa_scorecards: { name: 'Taken over' },
  qa_reviews: { comment: 'Taken over' },
  qa_sampling_rules: { per_agent: 9 },
  qa_coaching_sessions: { notes: 'Taken over' },
  qa_coaching_actions: { status: 'done', follow_up: 'Taken over' },
  vendors: { name: 'Taken over' },
  sites: { name: 'Taken over' },
  teams: { name: 'Taken over' },
  users: { display_name: 'Taken over' },
  tickets: { priority: 'urgent' },
};

async function snapshot(resource: string, id: string) {
  const { rows } = await t.database.pool.query(`select to_jsonb(r) as row from ${resource} r where id = $1`, [
    id,
  ]);
  const children: number[] = [];
  for (const [table, column] of CHILDREN[resource] ?? []) {
    const counted = await t.database.pool.query(
      `select count(*)::int as n from ${table} where ${column} = $1`,
      [id],
    );
    children.push(counted.rows[0].n);
  }
  return { row: rows[0]?.row, children };
}

async function checkActor(world: World, actor: TestUser) {
  const brandSide = actor.vendorId === null;
  for (const resource of LISTS) {
    const { status, items } = await listAll(actor, `/api/v1/${path(resource)}`);
    expect([200, 403], `${actor.role} GET /${resource}`).toContain(status);
    if (status !== 200) continue;
    // Not vacuous: everything the actor should see does come back.
    const listed = new Set(items.map((i) => i.id));
    const whole = SEEN_WHOLE_BY[resource]?.includes(actor.role) ?? true;
    for (const row of whole ? (world.owned.get(resource) ?? []) : []) {
      if (brandSide || row.vendorId === actor.vendorId) {
        expect(
          listed.has(row.id),
          `${actor.role} of ${actor.vendorId ?? 'brand'} misses its ${resource} ${row.id}`,
        ).toBe(true);
      }
    }
    if (brandSide) continue;
    const owners = await vendorOf(
      resource,
      items.map((i) => i.id),
    );
    for (const item of items) {
      const owner = owners.get(item.id);
      expect(
        owner?.has(actor.vendorId) || (SHARED_WITH_VENDORS.has(resource) && owner?.has(null)),
        `${actor.role} of ${actor.vendorId} saw ${resource} ${item.id}`,
      ).toBe(true);
    }
  }
  // Downloads: an attachment is served exactly to those who see its ticket.
  for (const row of world.owned.get('attachments') ?? []) {
    if (!brandSide && row.vendorId !== actor.vendorId) continue;
    const got = await call(t.app, 'GET', `/api/v1/attachments/${row.id}`, { token: actor.token });
    expect(got.status, `${actor.role} downloads its attachment`).toBe(200);
  }
  if (brandSide) return;
  for (const [resource, rows] of world.owned) {
    for (const row of rows.filter((r) => r.vendorId !== actor.vendorId)) {
      const get = await call(t.app, 'GET', `/api/v1/${path(resource)}/${row.id}`, { token: actor.token });
      expect([403, 404], `${actor.role} GET foreign ${resource}`).toContain(get.status);
      for (const sub of GETS[resource] ?? []) {
        const res = await call(t.app, 'GET', `/api/v1/${path(resource)}/${row.id}/${sub}`, {
          token: actor.token,
        });
        expect([403, 404], `${actor.role} GET foreign ${resource} ${sub}`).toContain(res.status);
      }
      for (const [sub, posted] of POSTS[resource] ?? []) {
        const before = await snapshot(resource, row.id);
        const res = await call(t.app, 'POST', `/api/v1/${path(resource)}/${row.id}/${sub}`, {
          token: actor.token,
          body: posted,
        });
        expect([403, 404], `${actor.role} POST foreign ${resource} ${sub}`).toContain(res.status);
        expect(await snapshot(resource, row.id)).toEqual(before);
      }
      const body = PATCHES[resource];
      if (!body) continue;
      const before = await snapshot(resource, row.id);
      const patch = await call(t.app, 'PATCH', `/api/v1/${path(resource)}/${row.id}`, {
        token: actor.token,
        body,
      });
      expect([403, 404], `${actor.role} PATCH foreign ${resource}`).toContain(patch.status);
      expect(await snapshot(resource, row.id)).toEqual(before);
    }
  }
  await checkReferencesInBodies(world, actor);
  // Creating into another vendor is refused too.
  const foreignVendor = world.vendorIds.find((v) => v !== actor.vendorId)!;
  const site = await call(t.app, 'POST', '/api/v1/sites', {
    token: actor.token,
    body: { vendor_id: foreignVendor, name: 'Intruder', country: 'PH', time_zone: 'Asia/Manila' },
  });
  expect([403, 404, 422]).toContain(site.status);
  const { rows } = await t.database.pool.query(
    "select count(*)::int as n from sites where name = 'Intruder'",
  );
  expect(rows[0].n).toBe(0);
}

const WRITERS: Role[] = ['vendor_admin', 'team_lead', 'agent'];

/**
 * References carried inside requests: a foreign customer's email named on a new ticket, a foreign
 * customer as a merge source, a foreign ticket's file on a message, a foreign customer as a list
 * filter. None may link, move, change or show anything of the other vendor.
 */
async function checkReferencesInBodies(world: World, actor: TestUser) {
  const foreignCustomers = (world.owned.get('customers') ?? []).filter((c) => c.vendorId !== actor.vendorId);
  const ownTicket = (world.owned.get('tickets') ?? []).find((r) => r.vendorId === actor.vendorId);
  const foreignFile = (world.owned.get('attachments') ?? []).find((r) => r.vendorId !== actor.vendorId);
  for (const foreign of foreignCustomers) {
    const before = await snapshot('customers', foreign.id);
    const { rows } = await t.database.pool.query(
      "select value from customer_identities where customer_id = $1 and kind = 'email'",
      [foreign.id],
    );
    if (WRITERS.includes(actor.role)) {
      const opened = await call(t.app, 'POST', '/api/v1/tickets', {
        token: actor.token,
        body: {
          subject: 'Naming a customer',
          channel: 'phone',
          customer: { email: rows[0].value.toUpperCase() },
          message: { body_text: 'hello' },
        },
      });
      expect(opened.status, `${actor.role} opens a ticket naming a foreign customer`).toBeGreaterThanOrEqual(
        400,
      );
      expect(JSON.stringify(opened.body)).not.toContain(foreign.id);
      const own = (world.owned.get('customers') ?? []).find((c) => c.vendorId === actor.vendorId);
      if (own) {
        const merge = await call(t.app, 'POST', `/api/v1/customers/${own.id}/merge`, {
          token: actor.token,
          body: { source_customer_id: foreign.id },
        });
        expect(merge.status, `${actor.role} merges a foreign customer`).toBeGreaterThanOrEqual(400);
      }
    }
    // GDPR export and erasure are the brand's (privacy:manage): a vendor's user is refused outright.
    const exported = await call(t.app, 'GET', `/api/v1/customers/${foreign.id}/export`, {
      token: actor.token,
    });
    expect(exported.status, `${actor.role} exports a foreign customer`).toBe(403);
    const erased = await call(t.app, 'POST', `/api/v1/customers/${foreign.id}/erase`, {
      token: actor.token,
      body: { reason: 'GDPR request DSR-0001' },
    });
    expect(erased.status, `${actor.role} erases a foreign customer`).toBe(403);
    const filtered = await call(t.app, 'GET', `/api/v1/tickets?customer_id=${foreign.id}`, {
      token: actor.token,
    });
    if (filtered.status === 200) {
      const owners = await vendorOf(
        'tickets',
        filtered.body.items.map((i: { id: string }) => i.id),
      );
      for (const item of filtered.body.items)
        expect(owners.get(item.id)?.has(actor.vendorId), `${actor.role} filtered to a foreign customer`).toBe(
          true,
        );
    }
    expect(await snapshot('customers', foreign.id)).toEqual(before);
  }
  // A QA review drafted on a foreign ticket, or submitted for a foreign review, is not found.
  if (['qa_reviewer', 'vendor_admin'].includes(actor.role)) {
    for (const foreign of (world.owned.get('tickets') ?? []).filter((r) => r.vendorId !== actor.vendorId)) {
      const res = await call(t.app, 'POST', '/api/v1/qa/reviews', {
        token: actor.token,
        body: { scorecard_id: world.scorecardId, ticket_id: foreign.id, agent_id: actor.userId },
      });
      expect(res.status, `${actor.role} reviews a foreign ticket`).toBe(404);
    }
    for (const foreign of (world.owned.get('qa_reviews') ?? []).filter(
      (r) => r.vendorId !== actor.vendorId,
    )) {
      const before = await snapshot('qa_reviews', foreign.id);
      const res = await call(t.app, 'POST', `/api/v1/qa/reviews/${foreign.id}/submit`, {
        token: actor.token,
      });
      expect(res.status, `${actor.role} submits a foreign review`).toBe(404);
      expect(await snapshot('qa_reviews', foreign.id)).toEqual(before);
    }
    // A coaching session on a foreign review is not found, and nothing is made.
    for (const foreign of (world.owned.get('qa_reviews') ?? []).filter(
      (r) => r.vendorId !== actor.vendorId,
    )) {
      const { rows: made } = await t.database.pool.query(
        'select count(*)::int as n from qa_coaching_sessions where $1 = any(review_ids)',
        [foreign.id],
      );
      const res = await call(t.app, 'POST', '/api/v1/qa/coaching-sessions', {
        token: actor.token,
        body: { review_ids: [foreign.id] },
      });
      expect(res.status, `${actor.role} coaches on a foreign review`).toBe(404);
      const { rows: after } = await t.database.pool.query(
        'select count(*)::int as n from qa_coaching_sessions where $1 = any(review_ids)',
        [foreign.id],
      );
      expect(after[0].n).toBe(made[0].n);
    }
    // A calibration session naming a foreign ticket is not found, and nothing is made.
    const { rows } = await t.database.pool.query(
      'select id from qa_scorecard_versions where scorecard_id = $1',
      [world.scorecardId],
    );
    for (const foreign of (world.owned.get('tickets') ?? []).filter((r) => r.vendorId !== actor.vendorId)) {
      const res = await call(t.app, 'POST', '/api/v1/qa/calibrations', {
        token: actor.token,
        body: {
          name: 'Foreign',
          scorecard_version_id: rows[0].id,
          ticket_ids: [foreign.id],
          participant_ids: [actor.userId],
          benchmark_reviewer_id: actor.userId,
        },
      });
      expect(res.status, `${actor.role} calibrates on a foreign ticket`).toBe(404);
    }
  }
  // A dispute of a foreign review is not found, whoever on the agent's side raises it.
  for (const foreign of (world.owned.get('qa_reviews') ?? []).filter((r) => r.vendorId !== actor.vendorId)) {
    const res = await call(t.app, 'POST', `/api/v1/qa/reviews/${foreign.id}/disputes`, {
      token: actor.token,
      body: { reason: 'Taken over' },
    });
    expect([403, 404], `${actor.role} disputes a foreign review`).toContain(res.status);
  }
  // A reveal naming a foreign ticket or customer is not found, and nothing is revealed.
  for (const resource of ['tickets', 'customers'] as const) {
    for (const foreign of (world.owned.get(resource) ?? []).filter((r) => r.vendorId !== actor.vendorId)) {
      const key = resource === 'tickets' ? 'ticket_id' : 'customer_id';
      const before = await t.database.pool.query('select count(*)::int as n from pii_reveals');
      const res = await call(t.app, 'POST', '/api/v1/privacy/reveals', {
        token: actor.token,
        body: { [key]: foreign.id, reason: 'Customer asked to confirm' },
      });
      // The auditor is not masked (409: nothing to reveal); masked roles learn nothing (404).
      expect(res.status, `${actor.role} reveals a foreign ${resource}`).toBe(
        actor.role === 'auditor' ? 409 : 404,
      );
      const after = await t.database.pool.query('select count(*)::int as n from pii_reveals');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    }
  }
  if (ownTicket && foreignFile && WRITERS.includes(actor.role)) {
    const res = await call(t.app, 'POST', `/api/v1/tickets/${ownTicket.id}/messages`, {
      token: actor.token,
      body: {
        body_text: 'see file',
        visibility: 'internal',
        attachments: [{ id: foreignFile.id, name: 'x', contentType: 'text/plain', size: 1 }],
      },
    });
    expect(res.status, `${actor.role} attaches a foreign file`).toBe(422);
  }
}

describe('vendor isolation', () => {
  it('no user of one vendor reads or changes another vendor’s rows through any route', async () => {
    await fc.assert(
      fc.asyncProperty(worldShape, async (shape) => {
        const world = await buildWorld(shape);
        for (const actor of world.actors) await checkActor(world, actor);
      }),
      { numRuns: Number(process.env.TANDEM_ISOLATION_RUNS ?? 12), endOnFailure: true },
    );
    // Twelve random worlds, every route as every actor: on a busy 2-core CI box this outgrows 60 s.
  }, 180_000);

  it('a vendor’s SCIM token reads and changes only that vendor’s users and groups', async () => {
    const admin = await t.make.user('brand_admin');
    const scim = (method: 'GET' | 'PATCH' | 'PUT' | 'DELETE', url: string, token: string, body?: unknown) =>
      t.app
        .inject({
          method,
          url: `/scim/v2${url}`,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
          },
          ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
        })
        .then((r) => ({ status: r.statusCode, body: r.body ? JSON.parse(r.body) : null }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            users: fc.integer({ min: 1, max: 3 }),
            roles: fc.uniqueArray(fc.constantFrom<Role>('agent', 'team_lead', 'vendor_admin'), {
              minLength: 1,
              maxLength: 2,
            }),
          }),
          { minLength: 2, maxLength: 3 },
        ),
        async (shape) => {
          const vendors = [];
          for (const v of shape) {
            const vendor = await t.make.vendor();
            const users: string[] = [];
            for (let i = 0; i < v.users; i++)
              users.push((await t.make.user(v.roles[i % v.roles.length]!, vendor.id)).userId);
            await t.make.team(vendor.id);
            const issued = await call(t.app, 'POST', `/api/v1/vendors/${vendor.id}/scim-tokens`, {
              token: admin.token,
              body: { name: 'IdP' },
            });
            expect(issued.status).toBe(201);
            vendors.push({ id: vendor.id, users, token: issued.body.token as string });
          }
          const vendorOfUser = new Map(vendors.flatMap((v) => v.users.map((u) => [u, v.id] as const)));
          for (const own of vendors) {
            const listed = await scim('GET', '/Users?count=1000', own.token);
            expect(listed.status).toBe(200);
            const ids: string[] = listed.body.Resources.map((r: { id: string }) => r.id);
            for (const id of own.users) expect(ids).toContain(id);
            // Nothing of another vendor, whatever else the brand has.
            for (const id of ids) expect([own.id, undefined]).toContain(vendorOfUser.get(id));
            const { rows } = await t.database.pool.query(
              'select id from users where id = any($1) and vendor_id <> $2',
              [ids, own.id],
            );
            expect(rows).toEqual([]);
            const groups = await scim('GET', '/Groups?count=1000', own.token);
            expect(groups.status).toBe(200);
            const teamIds: string[] = groups.body.Resources.map((r: { id: string }) => r.id);
            const foreignTeams = await t.database.pool.query(
              'select id from teams where id = any($1) and vendor_id <> $2',
              [teamIds, own.id],
            );
            expect(foreignTeams.rows).toEqual([]);
            for (const other of vendors.filter((v) => v.id !== own.id))
              for (const id of other.users) {
                expect((await scim('GET', `/Users/${id}`, own.token)).status).toBe(404);
                const patched = await scim('PATCH', `/Users/${id}`, own.token, {
                  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
                  Operations: [{ op: 'replace', path: 'active', value: false }],
                });
                expect(patched.status).toBe(404);
                expect((await scim('DELETE', `/Users/${id}`, own.token)).status).toBe(404);
                const still = await t.database.pool.query('select active from users where id = $1', [id]);
                expect(still.rows[0].active).toBe(true);
              }
          }
        },
      ),
      { numRuns: 4, endOnFailure: true },
    );
  }, 180_000);

  it('holds at the database too: as tandem_app with a vendor set, foreign rows are invisible and unwritable', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const ticketB = await t.make.ticket(await t.make.customer(b.id), b.id, { conversation: true });
    const customerA = await t.make.customer(a.id);
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        "select set_config('tandem.org_id', $1, true), set_config('tandem.vendor_id', $2, true)",
        [t.organizationId, a.id],
      );
      await client.query('set local role tandem_app');
      const seen = await client.query('select id from tickets where id = $1', [ticketB]);
      expect(seen.rowCount).toBe(0);
      const changed = await client.query("update tickets set subject = 'owned' where id = $1", [ticketB]);
      expect(changed.rowCount).toBe(0);
      const messages = await client.query('select id from messages where ticket_id = $1', [ticketB]);
      expect(messages.rowCount).toBe(0);
      await expect(
        client.query(
          "insert into tickets (organization_id, subject, channel, customer_id, vendor_id) values ($1, 'x', 'email', $2, $3)",
          [t.organizationId, customerA, b.id],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('keeps vendor contracts and invoices apart at the database, and only the brand writes them', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const own = await vendorContract(a.id);
    const foreign = await vendorContract(b.id);
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        "select set_config('tandem.org_id', $1, true), set_config('tandem.vendor_id', $2, true)",
        [t.organizationId, a.id],
      );
      await client.query('set local role tandem_app');
      const ids = [own.contractId, foreign.contractId];
      const contracts = await client.query('select id from vendor_contracts where id = any($1)', [ids]);
      expect(contracts.rows.map((r) => r.id)).toEqual([own.contractId]);
      const versions = await client.query(
        'select contract_id from vendor_contract_versions where contract_id = any($1)',
        [ids],
      );
      expect(versions.rows.map((r) => r.contract_id)).toEqual([own.contractId]);
      const invoices = await client.query('select id from vendor_invoices where id = any($1)', [
        [own.invoiceId, foreign.invoiceId],
      ]);
      expect(invoices.rows.map((r) => r.id)).toEqual([own.invoiceId]);
      const approved = await client.query(
        "update vendor_invoices set status = 'approved', approved_at = now() where id = $1",
        [foreign.invoiceId],
      );
      expect(approved.rowCount).toBe(0);
      await client.query('savepoint s');
      await expect(
        client.query("update vendor_invoices set status = 'approved', approved_at = now() where id = $1", [
          own.invoiceId,
        ]),
      ).rejects.toThrow(/row-level security/);
      await client.query('rollback to savepoint s');
      await expect(
        client.query("insert into vendor_contracts (organization_id, vendor_id, name) values ($1, $2, 'x')", [
          t.organizationId,
          a.id,
        ]),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('keeps outbound delivery rows apart too: webhooks, their deliveries, email deliveries and captured mail', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const ticketB = await t.make.ticket(await t.make.customer(b.id), b.id, { conversation: true });
    const q = (text: string, values: unknown[]) => t.database.pool.query(text, values);
    const org = t.organizationId;
    const sub = (
      await q(
        "insert into webhook_subscriptions (organization_id, vendor_id, url, event_types, secret) values ($1, $2, 'https://b.example/hook', '{*}', 'whsec_b') returning id",
        [org, b.id],
      )
    ).rows[0].id;
    const event = (
      await q(
        "insert into domain_events (organization_id, vendor_id, type, subject_id, dispatched_at) values ($1, $2, 'ticket.updated', $3, now()) returning id",
        [org, b.id, ticketB],
      )
    ).rows[0].id;
    await q(
      "insert into webhook_deliveries (organization_id, subscription_id, vendor_id, event_id, event_type, body) values ($1, $2, $3, $4, 'ticket.updated', '{}')",
      [org, sub, b.id, event],
    );
    const message = (await q('select id from messages where ticket_id = $1', [ticketB])).rows[0].id;
    await q(
      "insert into email_deliveries (message_id, organization_id, ticket_id, recipient) values ($1, $2, $3, 'c@b.example')",
      [message, org, ticketB],
    );
    await q(
      "insert into captured_mail (organization_id, message_id, ticket_id, mail_from, mail_to, subject, message_id_header, raw) values ($1, $2, $3, 'f', 't', 's', '<m>', 'raw')",
      [org, message, ticketB],
    );
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        "select set_config('tandem.org_id', $1, true), set_config('tandem.vendor_id', $2, true)",
        [org, a.id],
      );
      await client.query('set local role tandem_app');
      for (const table of [
        'webhook_subscriptions',
        'webhook_deliveries',
        'email_deliveries',
        'captured_mail',
      ]) {
        const seen = await client.query(`select 1 from ${table}`);
        expect(seen.rowCount, table).toBe(0);
      }
      const changed = await client.query("update webhook_deliveries set status = 'pending'");
      expect(changed.rowCount).toBe(0);
      await expect(
        client.query(
          "insert into webhook_subscriptions (organization_id, vendor_id, url, event_types, secret) values ($1, $2, 'https://a.example', '{*}', 's')",
          [org, b.id],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

/**
 * The same promise on the realtime socket: clients of several vendors and of the brand are connected
 * while random users of random vendors create tickets, reply, add notes and change tickets, and the
 * brand moves tickets between vendors. Each vendor's client receives every event of its vendor and
 * nothing else (a ticket moved away shows up only as its id); brand clients receive everything.
 */
const realtimeScript = fc.record({
  vendors: fc.array(
    fc.uniqueArray(fc.constantFrom<Role>('vendor_admin', 'team_lead', 'agent'), {
      minLength: 1,
      maxLength: 2,
    }),
    {
      minLength: 2,
      maxLength: 3,
    },
  ),
  actions: fc.array(
    fc.record({
      kind: fc.constantFrom('create', 'reply', 'note', 'update', 'move'),
      vendor: fc.nat(),
      pick: fc.nat(),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});

describe('vendor isolation on the realtime socket', () => {
  it('delivers each vendor’s events to its own users only, and all of them to the brand', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await fc.assert(
      fc.asyncProperty(realtimeScript, async (script) => {
        const brand = await t.make.user('brand_admin');
        const vendors: Array<{ id: string; users: TestUser[] }> = [];
        for (const roles of script.vendors) {
          const vendor = await t.make.vendor();
          const users: TestUser[] = [];
          for (const role of roles) users.push(await t.make.user(role, vendor.id));
          vendors.push({ id: vendor.id, users });
        }
        const connected: Array<{ user: TestUser; client: RealtimeClient }> = [];
        for (const user of [brand, ...vendors.flatMap((v) => v.users)])
          connected.push({ user, client: await connectRealtime(base, { token: user.token }) });
        const { rows: start } = await t.database.pool.query(
          'select coalesce(max(id), 0)::int as id from domain_events',
        );
        try {
          const tickets: Array<{ id: string; vendor: number }> = [];
          for (const action of script.actions) {
            const v = action.vendor % vendors.length;
            const user = vendors[v]!.users[action.pick % vendors[v]!.users.length]!;
            const own = tickets.filter((x) => x.vendor === v);
            const target = own[action.pick % Math.max(own.length, 1)];
            if (action.kind === 'create' || !target) {
              const res = await call(t.app, 'POST', '/api/v1/tickets', {
                token: user.token,
                body: {
                  subject: 'Realtime isolation',
                  channel: 'chat',
                  customer: { email: `${crypto.randomUUID()}@customer.test` },
                  message: { body_text: 'Hi' },
                },
              });
              expect(res.status).toBe(201);
              tickets.push({ id: res.body.id, vendor: v });
            } else if (action.kind === 'reply' || action.kind === 'note') {
              const res = await call(t.app, 'POST', `/api/v1/tickets/${target.id}/messages`, {
                token: user.token,
                body: { body_text: 'Answer', visibility: action.kind === 'note' ? 'internal' : 'public' },
              });
              expect(res.status).toBe(201);
            } else if (action.kind === 'update') {
              const res = await call(t.app, 'PATCH', `/api/v1/tickets/${target.id}`, {
                token: user.token,
                body: { priority: (['low', 'high', 'urgent'] as const)[action.pick % 3], status: 'open' },
              });
              expect(res.status).toBe(200);
            } else {
              const to = (v + 1) % vendors.length;
              const res = await call(t.app, 'PATCH', `/api/v1/tickets/${target.id}`, {
                token: brand.token,
                body: { vendor_id: vendors[to]!.id },
              });
              expect(res.status).toBe(200);
              target.vendor = to;
            }
          }
          // A marker per audience after the script: the bus is ordered, so its arrival means every
          // earlier event has arrived too.
          const marker = crypto.randomUUID();
          for (const vendorId of [null, ...vendors.map((v) => v.id)])
            await t.bus.publishEphemeral({
              organization_id: t.organizationId,
              vendor_id: vendorId,
              type: 'ticket.agent_viewing',
              subject_id: marker,
            });
          await Promise.all(
            connected.map(({ client }) => client.waitFor((m) => m.signal?.subject_id === marker)),
          );
          const { rows } = await t.database.pool.query(
            "select id::int, vendor_id, type, payload from domain_events where id > $1 and organization_id = $2 and (type like 'ticket.%' or type like 'message.%') order by id",
            [start[0].id, t.organizationId],
          );
          for (const { user, client } of connected) {
            const received = client
              .events()
              .filter(
                (e) => e.id > start[0].id && (e.type.startsWith('ticket.') || e.type.startsWith('message.')),
              );
            const expected = rows.flatMap((r) => {
              if (user.vendorId === null || r.vendor_id === user.vendorId)
                return [{ id: r.id, type: r.type }];
              if (r.type.startsWith('ticket.') && r.payload.previousVendorId === user.vendorId)
                return [{ id: r.id, type: 'ticket.moved_away' }];
              return [];
            });
            expect(
              received.map((e) => ({ id: e.id, type: e.type })),
              `${user.role} of ${user.vendorId ?? 'the brand'}`,
            ).toEqual(expected);
            for (const e of received.filter((x) => x.type === 'ticket.moved_away'))
              expect(e.payload).toEqual({});
          }
        } finally {
          await Promise.all(connected.map(({ client }) => client.close()));
        }
      }),
      { numRuns: Number(process.env.TANDEM_ISOLATION_RUNS ?? 12), endOnFailure: true },
    );
  });
});
