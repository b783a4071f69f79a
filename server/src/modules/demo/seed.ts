import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import { withSystem } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import { rebuild, settingsOf } from '../analytics/index.js';
import { hashPassword } from '../auth/index.js';
import { createContract, saveInhouseCostModel } from '../billing/index.js';
import { anyOrganization, createOrganization } from '../organizations/index.js';
import { setMaskingPolicy } from '../privacy/index.js';
import { listTargets } from '../sla/index.js';
import { demoContracts, demoInhouseCostModel } from './contracts.js';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, type DemoOptions, generateDemo } from './generate.js';
import { seedDemoQa, seedDemoSampling, seedDemoVoice } from './qa.js';
import * as repo from './repository.js';
import type { DemoLogin } from './roster.js';
import { seedDemoRouting } from './routing.js';
import { generateSlaDemo } from './sla.js';

export type SeedOutcome =
  | {
      seeded: true;
      organizationId: string;
      counts: Record<string, number>;
      logins: DemoLogin[];
      password: string;
    }
  | { seeded: false; existing: { name: string; slug: string } };

/**
 * Inserts the demo brand into an empty database in one transaction, so a failed seed leaves nothing
 * behind. Refuses (seeded: false) when any organization exists: Tandem is one brand per database here,
 * and the demo must never mix into real data. `config` sets the KPI rollup's
 * short-abandon threshold.
 */
export async function seedDemo(
  database: Database,
  config: Pick<Config, 'TANDEM_SHORT_ABANDON_SECONDS'>,
  options: DemoOptions = {},
): Promise<SeedOutcome> {
  return withSystem(database.db, async (tx) => {
    await repo.lockSeeding(tx);
    const existing = await anyOrganization(tx);
    if (existing) return { seeded: false as const, existing: { name: existing.name, slug: existing.slug } };
    // argon2 is deliberately slow: hash once and share it across every demo user.
    const passwordHash = await hashPassword(DEMO_PASSWORD);

    const org = await createOrganization(tx, DEMO_ORGANIZATION);
    const seededAt = options.now ?? new Date();
    const demo = generateDemo({ ...options, now: seededAt, organizationId: org.id });
    await repo.insertAll(tx, 'vendors', demo.vendors);
    await repo.insertAll(
      tx,
      'sites',
      demo.sites.map(({ key: _, ...site }) => site),
    );
    await repo.insertAll(
      tx,
      'teams',
      demo.teams.map(({ focus: _, ...team }) => team),
    );
    await repo.insertAll(
      tx,
      'users',
      demo.users.map((u) => ({ ...u, password_hash: passwordHash })),
    );
    await repo.insertAll(tx, 'agent_skills', demo.skills);
    await repo.insertAll(tx, 'agent_capacities', demo.capacities);
    await repo.insertAll(tx, 'customers', demo.customers);
    await repo.insertAll(tx, 'customer_identities', demo.identities);
    await repo.insertAll(tx, 'tickets', demo.tickets);
    await repo.insertAll(tx, 'messages', demo.messages);
    await repo.insertTicketEvents(tx, demo.events);
    await repo.insertAll(tx, 'calls', demo.calls);
    await repo.insertAll(tx, 'activity_spans', demo.spans);
    await repo.insertAll(tx, 'surveys', demo.surveys);
    await repo.insertAll(tx, 'survey_responses', demo.responses);
    // Calendars and SLA policies: the worker times the open tickets after start (demo.seeded below
    // asks for it), so start-up stays quick.
    const sla = generateSlaDemo(
      org.id,
      demo.sites.map((s) => ({ id: s.id, name: s.name, vendor_id: s.vendor_id, time_zone: s.time_zone })),
      demo.vendors.map((v) => ({ id: v.id, kind: v.kind })),
    );
    await repo.insertAll(tx, 'business_calendars', sla.calendars);
    await repo.insertAll(tx, 'calendar_holidays', sla.holidays);
    await repo.attachCalendars(tx, org.id, sla.brandCalendarId, sla.siteCalendars);
    await repo.insertAll(tx, 'sla_policies', sla.policies);
    await repo.insertAll(tx, 'service_level_targets', sla.targets);
    await seedDemoRouting(tx, org.id);
    // Contracts through billing's own service, so they pass the same checks as the brand's. Their
    // invoices wait for the SLA timers the worker computes after start (demoInvoicesConsumer).
    const admin = demo.users.find((u) => u.role === 'brand_admin')!;
    const actor = {
      userId: admin.id!,
      organizationId: org.id,
      role: 'brand_admin' as const,
      vendorId: null,
      siteId: null,
      teamId: null,
    };
    const contracts = demoContracts(demo.vendors, await listTargets(tx), '2025-01-01');
    for (const contract of contracts) await createContract(tx, actor, contract);
    // The in-house team's cost base, so the cockpit and the TCO calculator compare it with the vendors.
    await saveInhouseCostModel(tx, actor, demoInhouseCostModel(demo.users, demo.vendors));
    // Outsourced agents see customers masked; their team leads may reveal one for a while (docs/privacy.md).
    await setMaskingPolicy(tx, actor, {
      masked_roles: ['agent', 'team_lead'],
      reveal_roles: ['team_lead'],
      reveal_minutes: 15,
    });
    const actorOf = (u: (typeof demo.users)[number]) => ({
      userId: u.id!,
      organizationId: org.id,
      role: u.role,
      vendorId: u.vendor_id ?? null,
      siteId: u.site_id ?? null,
      teamId: u.team_id ?? null,
    });
    const qa = await seedDemoQa(
      tx,
      {
        admin: actor,
        reviewer: actorOf(demo.users.find((u) => u.role === 'qa_reviewer')!),
        agents: new Map(demo.users.filter((u) => u.role === 'agent').map((u) => [u.id!, actorOf(u)])),
      },
      demo.tickets,
      new Set(demo.vendors.filter((v) => v.kind === 'outsourced').map((v) => v.id!)),
      seededAt,
    );
    await repo.insertAll(tx, 'support_addresses', demo.supportAddresses);
    await repo.insertAll(tx, 'macros', demo.macros);
    // The KPI rollup is kept by the outbox consumer from now on; the seeded history is built here,
    // in the same transaction, so the first report already covers the 90 days.
    await rebuild(tx, org.id, settingsOf(config));
    await seedDemoVoice(tx, actor, seededAt);
    const sampled = await seedDemoSampling(
      tx,
      actor,
      demo.users.find((u) => u.role === 'qa_reviewer')!.id!,
      qa.scorecardId,
      seededAt,
    );
    const counts = {
      vendors: demo.vendors.length,
      sites: demo.sites.length,
      teams: demo.teams.length,
      users: demo.users.length,
      agents: demo.agents.length,
      customers: demo.customers.length,
      tickets: demo.tickets.length,
      messages: demo.messages.length,
      ticketEvents: demo.events.length,
      calls: demo.calls.length,
      activitySpans: demo.spans.length,
      surveys: demo.surveys.length,
      surveyResponses: demo.responses.length,
      supportAddresses: demo.supportAddresses.length,
      macros: demo.macros.length,
      contracts: contracts.length,
      qaReviews: qa.reviews,
      qaDisputes: qa.disputes,
      qaCalibrations: qa.calibrations,
      qaCoachingSessions: qa.coachingSessions,
      qaAssignments: sampled,
    };
    // One summary event rather than thousands: jobs and rollups rebuild from the tables when they see it.
    await emit(tx, {
      organizationId: org.id,
      vendorId: null,
      type: 'demo.seeded',
      subjectId: org.id,
      // The moment the history ends: SLA actions that fell due before it belong to that history.
      payload: { ...counts, seededAt: seededAt.toISOString() },
    });
    return {
      seeded: true as const,
      organizationId: org.id,
      counts,
      logins: demo.logins,
      password: DEMO_PASSWORD,
    };
  });
}
