import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { makeAgent, pumpRouting } from '../../../test/routing.js';
import { withSystem } from '../../platform/db/transaction.js';
import { isOpenAt } from '../calendars/index.js';
import type { Candidate } from './decide.js';

/**
 * A simulated Monday: three sites across time zones (Manila, Lisbon, Bogotá), open 14 or 12 hours
 * local, shares 60/30/10. A contact arrives every 10 minutes and is solved 30 minutes after it was
 * assigned. Lisbon is declared down at 12:00 UTC and up at 16:00. The clock is driven explicitly.
 */
const DAY = Date.UTC(2026, 10, 23); // Monday 23 November 2026, 00:00 UTC
const hours = (start: string, end: string) =>
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].reduce(
    (h, d) => Object.assign(h, { [d]: [{ start, end }] }),
    {} as Record<string, { start: string; end: string }[]>,
  );
// In UTC: Manila 23:00–13:00, Lisbon 08:00–20:00, Bogotá 13:00–01:00: every hour covered, and
// without Lisbon still covered.
const SITES = [
  { name: 'Manila', zone: 'Asia/Manila', share: 60, open: hours('07:00', '21:00') },
  { name: 'Lisbon', zone: 'Europe/Lisbon', share: 30, open: hours('08:00', '20:00') },
  { name: 'Bogota', zone: 'America/Bogota', share: 10, open: hours('08:00', '20:00') },
];

let t: TestContext;
let brand: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  brand = await t.make.user('brand_admin');
});
afterAll(() => t.close());

describe('a simulated day', () => {
  it('covers the day follow-the-sun, fails over Lisbon from noon to 16:00, keeps shares and assigns every contact', async () => {
    const sites: {
      id: string;
      vendorId: string;
      name: string;
      zone: string;
      open: ReturnType<typeof hours>;
    }[] = [];
    const allocations = [];
    for (const s of SITES) {
      const vendor = await t.make.vendor({
        name: `${s.name} BPO`,
        kind: s.name === 'Bogota' ? 'internal' : 'outsourced',
      });
      const site = await t.make.site(vendor.id, { name: s.name, timeZone: s.zone });
      await withSystem(t.database.db, async (tx) => {
        const cal = await tx
          .insertInto('business_calendars')
          .values({
            organization_id: t.organizationId,
            name: s.name,
            time_zone: s.zone,
            weekly_hours: JSON.stringify(s.open),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.updateTable('sites').set({ calendar_id: cal.id }).where('id', '=', site.id).execute();
      });
      for (let i = 0; i < 3; i++) await makeAgent(t, vendor.id, site.id, { capacity: { email: 4 } });
      sites.push({ id: site.id, vendorId: vendor.id, name: s.name, zone: s.zone, open: s.open });
      allocations.push({ vendor_id: vendor.id, share: s.share });
    }
    const q = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: brand.token,
      body: { name: 'Everything' },
    });
    await call(t.app, 'POST', '/api/v1/routing/rules', {
      token: brand.token,
      body: { position: 0, queue_id: q.body.id },
    });
    await call(t.app, 'PUT', `/api/v1/routing/queues/${q.body.id}/allocations`, {
      token: brand.token,
      body: { allocations },
    });
    const lisbon = sites[1]!;
    const siteOf = new Map(sites.map((s) => [s.id, s]));

    let now = new Date(DAY);
    const clock = () => now;
    const contacts: string[] = [];
    const assignedAt = new Map<string, number>();
    const placement = new Map<string, string | null>();
    const solved = new Set<string>();
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      now = new Date(DAY + minute * 60_000);
      if (minute === 12 * 60)
        expect(
          (
            await call(t.app, 'PATCH', `/api/v1/sites/${lisbon.id}`, {
              token: brand.token,
              body: { status: 'down' },
            })
          ).status,
        ).toBe(200);
      if (minute === 16 * 60)
        expect(
          (
            await call(t.app, 'PATCH', `/api/v1/sites/${lisbon.id}`, {
              token: brand.token,
              body: { status: 'up' },
            })
          ).status,
        ).toBe(200);
      // solve what was assigned 30 minutes ago or more
      for (const [id, at] of assignedAt) {
        if (!solved.has(id) && now.getTime() - at >= 30 * 60_000) {
          const res = await call(t.app, 'PATCH', `/api/v1/tickets/${id}`, {
            token: brand.token,
            body: { status: 'solved' },
          });
          expect(res.status).toBe(200);
          solved.add(id);
        }
      }
      const created = await call(t.app, 'POST', '/api/v1/tickets', {
        token: brand.token,
        body: {
          subject: `At ${minute}`,
          channel: 'email',
          customer: { email: `day${minute}@example.com` },
          message: { body_text: '?' },
        },
      });
      contacts.push(created.body.id);
      await pumpRouting(t, clock);

      const rows = await withSystem(t.database.db, (tx) =>
        tx.selectFrom('tickets').select(['id', 'site_id', 'agent_id']).where('id', 'in', contacts).execute(),
      );
      for (const r of rows) {
        if (placement.get(r.id) === r.site_id) continue;
        placement.set(r.id, r.site_id);
        if (!r.site_id) continue;
        // a new placement happened at this instant: the site was open, and up
        const site = siteOf.get(r.site_id)!;
        expect(
          isOpenAt({ timeZone: site.zone, weeklyHours: site.open, holidays: [] }, now),
          `${site.name} at ${now.toISOString()}`,
        ).toBe(true);
        if (site.id === lisbon.id) expect(minute < 12 * 60 || minute >= 16 * 60).toBe(true);
        if (!assignedAt.has(r.id)) assignedAt.set(r.id, now.getTime());
      }
      // coverage: every hour of the day some site is open, so nothing waits past one tick
      const waiting = rows.filter((r) => !r.agent_id && !solved.has(r.id));
      expect(waiting.length, `waiting at ${now.toISOString()}`).toBe(0);
    }

    // every contact ends assigned (or solved after being assigned)
    expect(contacts.every((id) => assignedAt.has(id))).toBe(true);

    // Lisbon's unanswered contacts at noon were re-queued and went elsewhere, recorded in history
    const requeued = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('ticket_events')
        .select(['ticket_id', 'before'])
        .where('field', '=', 'requeued')
        .execute(),
    );
    expect(requeued.length).toBeGreaterThan(0);
    for (const r of requeued) expect(placement.get(r.ticket_id)).not.toBe(lisbon.id);

    // shares: each vendor's count is within ±2 pp of its target renormalised over the vendors
    // eligible at each decision (as the decision itself recorded them)
    const decisions = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('routing_decisions')
        .select(['vendor_id', 'candidates'])
        .where('counted', '=', true)
        .orderBy('id')
        .execute(),
    );
    const target = new Map(allocations.map((a) => [a.vendor_id, a.share]));
    const expected = new Map<string, number>();
    const actual = new Map<string, number>();
    for (const d of decisions) {
      const eligible = (d.candidates as Candidate[]).filter(
        (c) => c.kind === 'vendor' && (c.excluded === null || c.excluded === 'share ahead of target'),
      );
      const total = eligible.reduce((s, c) => s + target.get(c.id)!, 0);
      for (const c of eligible) expected.set(c.id, (expected.get(c.id) ?? 0) + target.get(c.id)! / total);
      actual.set(d.vendor_id!, (actual.get(d.vendor_id!) ?? 0) + 1);
    }
    expect(decisions.length).toBeGreaterThanOrEqual(contacts.length);
    for (const [vendor, e] of expected)
      expect(Math.abs((actual.get(vendor) ?? 0) - e)).toBeLessThanOrEqual(0.02 * 500);
    // and every vendor took part
    for (const s of sites) expect(actual.get(s.vendorId) ?? 0).toBeGreaterThan(0);
  });
});
