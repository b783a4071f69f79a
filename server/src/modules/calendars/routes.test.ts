import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
let admin: TestUser;
let vendorA: string;
let vendorB: string;
let adminA: TestUser;
let adminB: TestUser;
let agentA: TestUser;

const hours = {
  mon: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
  fri: [{ start: '09:00', end: '17:00' }],
};

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  adminA = await t.make.user('vendor_admin', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  agentA = await t.make.user('agent', vendorA);
});
afterAll(() => t.close());

describe('business calendars', () => {
  it('brand admin creates a brand calendar; bad zone and hours name the field', async () => {
    const ok = await call(t.app, 'POST', '/api/v1/calendars', {
      token: admin.token,
      body: { name: 'Brand CPH', time_zone: 'Europe/Copenhagen', weekly_hours: hours },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ vendor_id: null, time_zone: 'Europe/Copenhagen' });
    const badZone = await call(t.app, 'POST', '/api/v1/calendars', {
      token: admin.token,
      body: { name: 'X', time_zone: 'Mars/Olympus', weekly_hours: hours },
    });
    expect(badZone.status).toBe(422);
    expect(badZone.body.errors[0].path).toBe('body.time_zone');
    const badHours = await call(t.app, 'POST', '/api/v1/calendars', {
      token: admin.token,
      body: { name: 'Y', time_zone: 'UTC', weekly_hours: { tue: [{ start: '12:00', end: '09:00' }] } },
    });
    expect(badHours.status).toBe(422);
    expect(badHours.body.errors[0].path).toBe('body.weekly_hours.tue.0.end');
    const dup = await call(t.app, 'POST', '/api/v1/calendars', {
      token: admin.token,
      body: { name: 'Brand CPH', time_zone: 'UTC', weekly_hours: hours },
    });
    expect(dup.status).toBe(409);
  });

  it('isolates vendors: a vendor admin manages its own calendars, reads the brand’s, never another vendor’s', async () => {
    const brand = await call(t.app, 'POST', '/api/v1/calendars', {
      token: admin.token,
      body: { name: 'Brand Manila', time_zone: 'Asia/Manila', weekly_hours: hours },
    });
    const mine = await call(t.app, 'POST', '/api/v1/calendars', {
      token: adminA.token,
      body: { name: 'A Bogota', time_zone: 'America/Bogota', weekly_hours: hours },
    });
    expect(mine.status).toBe(201);
    expect(mine.body.vendor_id).toBe(vendorA);
    const forOther = await call(t.app, 'POST', '/api/v1/calendars', {
      token: adminA.token,
      body: { name: 'A for B', time_zone: 'UTC', weekly_hours: hours, vendor_id: vendorB },
    });
    expect(forOther.status).toBe(422);
    expect(forOther.body.errors[0].path).toBe('body.vendor_id');
    // B sees the brand's calendars but not A's.
    const listB = await call(t.app, 'GET', '/api/v1/calendars', { token: adminB.token });
    const namesB = listB.body.items.map((c: { name: string }) => c.name);
    expect(namesB).toContain('Brand Manila');
    expect(namesB).not.toContain('A Bogota');
    expect(
      (await call(t.app, 'GET', `/api/v1/calendars/${mine.body.id}`, { token: adminB.token })).status,
    ).toBe(404);
    for (const [method, url, body] of [
      ['PATCH', `/api/v1/calendars/${mine.body.id}`, { name: 'hijack' }],
      ['POST', `/api/v1/calendars/${mine.body.id}/holidays`, { name: 'x', date: '2026-12-24' }],
      ['DELETE', `/api/v1/calendars/${mine.body.id}`, undefined],
    ] as const) {
      expect((await call(t.app, method, url, { token: adminB.token, body })).status).toBe(404);
    }
    // A vendor admin may not change the brand's calendar; an agent may not change any.
    expect(
      (
        await call(t.app, 'PATCH', `/api/v1/calendars/${brand.body.id}`, {
          token: adminA.token,
          body: { name: 'mine now' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(t.app, 'PATCH', `/api/v1/calendars/${mine.body.id}`, {
          token: agentA.token,
          body: { name: 'agent' },
        })
      ).status,
    ).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/calendars')).status).toBe(401);
  });

  it('holidays: add, import iCal idempotently, remove', async () => {
    const cal = await call(t.app, 'POST', '/api/v1/calendars', {
      token: adminA.token,
      body: { name: 'A holidays', time_zone: 'Asia/Manila', weekly_hours: hours },
    });
    const id = cal.body.id;
    const added = await call(t.app, 'POST', `/api/v1/calendars/${id}/holidays`, {
      token: adminA.token,
      body: { name: 'Bonifacio Day', date: '2026-11-30', yearly: true },
    });
    expect(added.status).toBe(201);
    const badDate = await call(t.app, 'POST', `/api/v1/calendars/${id}/holidays`, {
      token: adminA.token,
      body: { name: 'x', date: '2026-13-40' },
    });
    expect(badDate.status).toBe(400);
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:a',
      'SUMMARY:Rizal Day',
      'DTSTART;VALUE=DATE:20261230',
      'RRULE:FREQ=YEARLY',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:b',
      'SUMMARY:Bonifacio Day',
      'DTSTART;VALUE=DATE:20261130',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const first = await call(t.app, 'POST', `/api/v1/calendars/${id}/holidays/import`, {
      token: adminA.token,
      body: { ics },
    });
    expect(first.body).toMatchObject({ imported: 1, already_present: 1 });
    const again = await call(t.app, 'POST', `/api/v1/calendars/${id}/holidays/import`, {
      token: adminA.token,
      body: { ics },
    });
    expect(again.body).toMatchObject({ imported: 0, already_present: 2 });
    const notIcs = await call(t.app, 'POST', `/api/v1/calendars/${id}/holidays/import`, {
      token: adminA.token,
      body: { ics: 'hello' },
    });
    expect(notIcs.status).toBe(422);
    expect(notIcs.body.errors[0].path).toBe('body.ics');
    const detail = await call(t.app, 'GET', `/api/v1/calendars/${id}`, { token: agentA.token });
    expect(detail.body.holidays.map((h: { date: string; yearly: boolean }) => [h.date, h.yearly])).toEqual([
      ['2026-11-30', true],
      ['2026-12-30', true],
    ]);
    const gone = await call(t.app, 'DELETE', `/api/v1/calendars/${id}/holidays/${added.body.id}`, {
      token: adminA.token,
    });
    expect(gone.status).toBe(204);
  });

  it('attaches calendars to brand, vendor and site with ownership rules; an attached calendar cannot be deleted', async () => {
    const brandCal = await call(t.app, 'POST', '/api/v1/calendars', {
      token: admin.token,
      body: { name: 'Brand attach', time_zone: 'UTC', weekly_hours: hours },
    });
    const aCal = await call(t.app, 'POST', '/api/v1/calendars', {
      token: adminA.token,
      body: { name: 'A attach', time_zone: 'UTC', weekly_hours: hours },
    });
    const siteA = await t.make.site(vendorA);
    const siteB = await t.make.site(vendorB);
    const put = (token: string, body: unknown) =>
      call(t.app, 'PUT', '/api/v1/calendar-assignments', { token, body });
    expect((await put(admin.token, { scope: 'brand', calendar_id: brandCal.body.id })).status).toBe(200);
    expect((await put(admin.token, { scope: 'brand', calendar_id: aCal.body.id })).status).toBe(422);
    expect((await put(adminA.token, { scope: 'brand', calendar_id: brandCal.body.id })).status).toBe(403);
    expect((await put(adminA.token, { scope: 'site', id: siteA.id, calendar_id: aCal.body.id })).status).toBe(
      200,
    );
    expect(
      (await put(adminA.token, { scope: 'vendor', id: vendorA, calendar_id: brandCal.body.id })).status,
    ).toBe(200);
    expect((await put(adminA.token, { scope: 'site', id: siteB.id, calendar_id: aCal.body.id })).status).toBe(
      404,
    );
    expect((await put(adminB.token, { scope: 'vendor', id: vendorA, calendar_id: null })).status).toBe(404);
    expect((await put(admin.token, { scope: 'site', id: siteB.id, calendar_id: aCal.body.id })).status).toBe(
      422,
    );
    expect((await put(agentA.token, { scope: 'site', id: siteA.id, calendar_id: null })).status).toBe(403);
    const del = await call(t.app, 'DELETE', `/api/v1/calendars/${aCal.body.id}`, { token: adminA.token });
    expect(del.status).toBe(409);
    await put(adminA.token, { scope: 'site', id: siteA.id, calendar_id: null });
    expect(
      (await call(t.app, 'DELETE', `/api/v1/calendars/${aCal.body.id}`, { token: adminA.token })).status,
    ).toBe(204);
  });
});
