import { randomUUID } from 'node:crypto';
import type { NewRow, WeeklyHours } from '../../platform/db/schema.js';

/**
 * The demo's business calendars (one for the brand, one per site in its own zone) and SLA policies
 * with contract service levels, so the demo shows live timers, due times and breaches from the start.
 */

const days = (hours: { start: string; end: string }[], weekdays = ['mon', 'tue', 'wed', 'thu', 'fri']) =>
  Object.fromEntries(weekdays.map((d) => [d, hours])) as WeeklyHours;

const SITE_HOURS: Record<string, WeeklyHours> = {
  // Split day in Copenhagen; long single shifts at the BPO sites, Saturdays in Manila.
  'Europe/Copenhagen': days([
    { start: '08:00', end: '12:00' },
    { start: '12:30', end: '17:00' },
  ]),
  'Asia/Manila': {
    ...days([{ start: '07:00', end: '22:00' }]),
    sat: [{ start: '09:00', end: '18:00' }],
  },
};
const DEFAULT_HOURS = days([{ start: '08:00', end: '20:00' }]);

const HOLIDAYS: Record<string, { name: string; date: string; yearly: boolean }[]> = {
  'Europe/Copenhagen': [
    { name: 'Nytårsdag', date: '2026-01-01', yearly: true },
    { name: 'Juleaftensdag', date: '2026-12-24', yearly: true },
    { name: 'Juledag', date: '2026-12-25', yearly: true },
    { name: '2. juledag', date: '2026-12-26', yearly: true },
    { name: 'Langfredag', date: '2027-03-26', yearly: false },
  ],
  'Asia/Manila': [
    { name: 'Bonifacio Day', date: '2026-11-30', yearly: true },
    { name: 'Christmas Day', date: '2026-12-25', yearly: true },
    { name: 'Rizal Day', date: '2026-12-30', yearly: true },
  ],
  'America/Bogota': [
    { name: 'Navidad', date: '2026-12-25', yearly: true },
    { name: 'Año Nuevo', date: '2026-01-01', yearly: true },
  ],
  'Europe/Lisbon': [
    { name: 'Natal', date: '2026-12-25', yearly: true },
    { name: 'Imaculada Conceição', date: '2026-12-08', yearly: true },
  ],
};

export interface SlaDemo {
  calendars: NewRow<'business_calendars'>[];
  holidays: NewRow<'calendar_holidays'>[];
  brandCalendarId: string;
  siteCalendars: { siteId: string; calendarId: string }[];
  policies: NewRow<'sla_policies'>[];
  targets: NewRow<'service_level_targets'>[];
}

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export function generateSlaDemo(
  organizationId: string,
  sites: { id: string; name: string; vendor_id: string; time_zone: string }[],
  vendors: { id: string; kind: string }[],
): SlaDemo {
  const calendars: NewRow<'business_calendars'>[] = [];
  const holidays: NewRow<'calendar_holidays'>[] = [];
  const calendar = (name: string, zone: string, vendorId: string | null) => {
    const id = randomUUID();
    calendars.push({
      id,
      organization_id: organizationId,
      vendor_id: vendorId,
      name,
      time_zone: zone,
      weekly_hours: JSON.stringify(SITE_HOURS[zone] ?? DEFAULT_HOURS),
    } as NewRow<'business_calendars'>);
    for (const h of HOLIDAYS[zone] ?? []) holidays.push({ calendar_id: id, ...h });
    return id;
  };
  const brandCalendarId = calendar('Nordlys brand hours (Copenhagen)', 'Europe/Copenhagen', null);
  const siteCalendars = sites.map((s) => ({
    siteId: s.id,
    calendarId: calendar(`${s.name} business hours`, s.time_zone, s.vendor_id),
  }));

  // Targets per priority, urgent tightest; business time for replies, calendar time for resolution.
  const scale = { low: 2, normal: 1, high: 0.5, urgent: 0.25 };
  const targetsFor = (firstReply: number, nextReply: number, resolution: number, business: boolean) =>
    PRIORITIES.flatMap((p) => [
      {
        metric: 'first_reply',
        priority: p,
        minutes: Math.max(1, Math.round(firstReply * scale[p])),
        business,
      },
      { metric: 'next_reply', priority: p, minutes: Math.max(1, Math.round(nextReply * scale[p])), business },
      { metric: 'periodic_update', priority: p, minutes: Math.round(1440 * scale[p]), business: true },
      { metric: 'requester_wait', priority: p, minutes: Math.round(1440 * scale[p]), business: true },
      { metric: 'full_resolution', priority: p, minutes: Math.round(resolution * scale[p]), business: false },
    ]);
  const policy = (name: string, position: number, conditions: object, targets: object[], actions: object) =>
    ({
      organization_id: organizationId,
      name,
      position,
      conditions: JSON.stringify(conditions),
      targets: JSON.stringify(targets),
      warn_percent: 75,
      breach_actions: JSON.stringify(actions),
    }) as NewRow<'sla_policies'>;
  const policies = [
    policy('VIP customers', 1, { tiers: ['vip'] }, targetsFor(30, 30, 1440, true), {
      notify: true,
      raise_priority: true,
      webhook: true,
    }),
    policy('Live channels', 2, { channels: ['chat', 'phone'] }, targetsFor(2, 5, 480, false), {
      notify: true,
      webhook: true,
    }),
    policy('Default (email, web, social)', 3, {}, targetsFor(240, 480, 2880, true), {
      notify: true,
      move_to_queue: 'SLA escalations',
      webhook: true,
    }),
  ];

  const targets: NewRow<'service_level_targets'>[] = vendors
    .filter((v) => v.kind === 'outsourced')
    .flatMap((v) => [
      {
        vendor: v.id,
        name: 'Chats answered within 30 s',
        measure: 'first_reply',
        channel: 'chat',
        threshold: 30,
        business: false,
        pct: 80,
        variant: 3,
      },
      {
        vendor: v.id,
        name: 'Emails first-replied within 4 business hours',
        measure: 'first_reply',
        channel: 'email',
        threshold: 14_400,
        business: true,
        pct: 90,
        variant: 1,
      },
      {
        vendor: v.id,
        name: 'Resolved within 48 h',
        measure: 'resolution',
        channel: null,
        threshold: 172_800,
        business: false,
        pct: 85,
        variant: 1,
      },
    ])
    .map((t) => ({
      organization_id: organizationId,
      vendor_id: t.vendor,
      name: t.name,
      measure: t.measure as 'first_reply' | 'resolution',
      channel: t.channel as 'chat' | 'email' | null,
      threshold_seconds: t.threshold,
      business: t.business,
      target_percent: t.pct,
      variant: t.variant,
    }));
  return { calendars, holidays, brandCalendarId, siteCalendars, policies, targets };
}
