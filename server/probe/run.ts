/**
 * The security probe (`npm run probe`): boots Tandem on an in-memory database with a small demo brand,
 * then, as users of one vendor, drives every operation of openapi.json against the other vendors'
 * objects, and fuzzes every write route with bad input as the brand admin. It prints the counts and
 * each finding, and exits 1 on any leak, foreign write or 5xx.
 */
import { readFileSync } from 'node:fs';
import { call } from '../test/harness.js';
import {
  fuzzBodies,
  type IdChooser,
  isIdField,
  kindOfField,
  oneIdAtATime,
  sampleValue,
  withOneChange,
} from './body.js';
import { findForeignIds, isForeign, snapshotText } from './leaks.js';
import { fillPath, kindOfPathParam, type Operation, objectPathOf, operationsOf } from './operations.js';
import { listAll, type ProbeActor, startWorld } from './world.js';

const PER_OPERATION = 12;
const FUZZ_PER_OPERATION = 40;
const TIMEOUT_MS = 15_000;

interface Finding {
  type: 'leak' | 'foreign write' | '5xx' | 'timeout';
  actor: string;
  request: string;
  detail: string;
}

const started = Date.now();
const world = await startWorld();
const { app, admin, ownership } = world;
const document = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
const operations = operationsOf(document);
const counts = { requests: 0, leaks: 0, foreignWrites: 0, serverErrors: 0 };
const findings: Finding[] = [];
const statuses = new Map<number, number>();
const probeIds = new Set(
  [admin, world.foreignAdmin, ...world.actors].flatMap((a) =>
    [a.userId, a.tokenId].map((id) => id.toLowerCase()),
  ),
);

function describe(method: string, url: string, body: unknown): string {
  const text = body === undefined ? '' : ` ${JSON.stringify(body)}`;
  return `${method} ${url}${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}

async function send(actor: ProbeActor, method: Operation['method'], url: string, body?: unknown) {
  counts.requests++;
  const request = describe(method, url, body);
  const timeout = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), TIMEOUT_MS).unref(),
  );
  const res = await Promise.race([call(app, method, url, { token: actor.token, body }), timeout]);
  if (res === 'timeout') {
    findings.push({ type: 'timeout', actor: actor.email, request, detail: `no answer in ${TIMEOUT_MS} ms` });
    return undefined;
  }
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (process.env.PROBE_TRACE) {
    console.log(actor.email, res.status, request.slice(0, 200), JSON.stringify(res.body).slice(0, 200));
  }
  if (res.status >= 500) {
    counts.serverErrors++;
    const detail = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    findings.push({ type: '5xx', actor: actor.email, request, detail });
  }
  return res;
}

/** Ids of a kind: of one vendor, or brand-level (vendor null); never the probe's own users and tokens. */
function idsOf(kind: string, vendorId: string | null | undefined): string[] {
  const out: string[] = [];
  for (const [id, owned] of ownership) {
    if (owned.kind !== kind || probeIds.has(id)) continue;
    if (vendorId === undefined || owned.vendorId === vendorId) out.push(id);
  }
  return out;
}

const vendorIds = idsOf('vendors', undefined);

/** Picks ids from `vendorId`'s objects, else brand-level ones; undefined for kinds it does not know. */
function chooserFor(vendorId: string | null, fallbackKind?: string): IdChooser {
  return (field) => {
    const kind = kindOfField(field) ?? (field === 'id' ? fallbackKind : undefined);
    if (!kind) return undefined;
    return idsOf(kind, vendorId)[0] ?? idsOf(kind, null)[0];
  };
}

function buildRequest(op: Operation, pathVendor: (i: number) => string | null, idVendor: string | null) {
  const params: Record<string, string> = {};
  op.pathParams.forEach((p, i) => {
    const kind = kindOfPathParam(op.path, p);
    params[p] =
      idsOf(kind, pathVendor(i))[0] ?? idsOf(kind, null)[0] ?? '00000000-0000-4000-8000-000000000000';
  });
  const firstKind = op.pathParams[0] ? kindOfPathParam(op.path, op.pathParams[0]) : undefined;
  const choose = chooserFor(idVendor, firstKind);
  const query = new URLSearchParams();
  for (const q of op.queryParams) {
    const id = isIdField(q.name) ? choose(q.name) : undefined;
    if (id) query.set(q.name, id);
    else if (q.required) query.set(q.name, String(sampleValue(q.schema, choose, q.name)));
  }
  let body: unknown;
  if (op.body) {
    body = sampleValue(op.body, choose);
    if (op.method === 'PATCH' && body && typeof body === 'object' && !Array.isArray(body)) {
      body = withOneChange(op.body, body as Record<string, unknown>);
    }
  }
  const qs = query.toString();
  return { url: fillPath(op.path, params) + (qs ? `?${qs}` : ''), body, params };
}

/** The object a write aims at, read as the brand admin: by its own GET, else found in its list. */
async function snapshot(op: Operation, params: Record<string, string>): Promise<string | undefined> {
  // /scim/v2 answers only vendor SCIM tokens: the brand admin reads SCIM users and groups (teams)
  // through their /api/v1 routes.
  const template = op.path.startsWith('/scim/v2/Users/')
    ? '/api/v1/users/{id}'
    : op.path.startsWith('/scim/v2/Groups/')
      ? '/api/v1/teams/{id}'
      : objectPathOf(op.path);
  if (!template) return undefined;
  const url = fillPath(template, params);
  if (document.paths[template]?.get) {
    const res = await call(app, 'GET', url, { token: admin.token });
    return `${res.status} ${snapshotText(res.body)}`;
  }
  const collection = template.replace(/\/\{\w+\}$/, '');
  if (!document.paths[collection]?.get) return undefined;
  const id = url.split('/').pop();
  const items = await listAll(app, admin.token, collection);
  return snapshotText(items.find((i) => i.id === id) ?? null);
}

function usesForeign(actor: ProbeActor, url: string, body: unknown): string[] {
  const text = url + JSON.stringify(body ?? null);
  const ids = text.toLowerCase().match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
  return ids.filter((id) => isForeign(ownership, id, actor.vendorId as string));
}

async function drive(actor: ProbeActor, op: Operation) {
  const vendor = actor.vendorId as string;
  const foreignVendors = vendorIds.filter((v) => v !== vendor);
  const variants: Array<{ pathVendor: (i: number) => string | null; idVendor: string | null }> = [];
  for (const f of foreignVendors) variants.push({ pathVendor: () => f, idVendor: f });
  if (op.pathParams.length > 0) {
    for (const f of foreignVendors) variants.push({ pathVendor: () => vendor, idVendor: f });
  }
  if (op.pathParams.length > 1) {
    for (const f of foreignVendors) variants.push({ pathVendor: (i) => (i === 0 ? vendor : f), idVendor: f });
  }
  if (op.method === 'GET') variants.push({ pathVendor: () => vendor, idVendor: vendor });

  const requests = variants.map((v) => buildRequest(op, v.pathVendor, v.idVendor));
  for (const r of [...requests]) {
    if (!op.body) break;
    for (const body of oneIdAtATime(op.body, r.body)) requests.push({ ...r, body });
  }
  const seen = new Set<string>();
  for (const { url, body, params } of requests) {
    if (seen.size >= PER_OPERATION) break;
    const key = describe(op.method, url, body);
    if (seen.has(key)) continue;
    seen.add(key);
    const aimsAtForeign = op.pathParams.some((p) => isForeign(ownership, params[p] as string, vendor));
    const isWrite = op.method !== 'GET';
    const before = isWrite && aimsAtForeign ? await snapshot(op, params) : undefined;
    const res = await send(actor, op.method, url, body);
    if (!res) continue;
    const ok = res.status >= 200 && res.status < 300;
    if (ok) {
      const leaks = findForeignIds(res.body, ownership, vendor);
      if (leaks.length > 0) {
        counts.leaks++;
        const shown = leaks.slice(0, 3).map((l) => `${l.path}=${l.kind} ${l.id}`);
        findings.push({
          type: 'leak',
          actor: actor.email,
          request: key,
          detail: `${res.status}; ${leaks.length} foreign id(s): ${shown.join(', ')}`,
        });
      }
    }
    if (!isWrite) continue;
    const foreignUsed = usesForeign(actor, url, body);
    const after = before !== undefined ? await snapshot(op, params) : undefined;
    const changed = before !== undefined && after !== before;
    if ((ok && foreignUsed.length > 0) || changed) {
      counts.foreignWrites++;
      const ids = foreignUsed.map((id) => `${ownership.get(id)?.kind} ${id}`).join(', ');
      findings.push({
        type: 'foreign write',
        actor: actor.email,
        request: key,
        detail: `${res.status}${changed ? ', the object changed' : ''}; foreign: ${ids}`,
      });
    }
  }
}

/** Foreign objects the demo lacks (saved views, webhooks …), made by the other vendor's admin. */
async function createForeignObjects() {
  const andes = world.foreignAdmin;
  for (const path of ['/api/v1/saved-views', '/api/v1/webhooks', '/api/v1/macros', '/api/v1/calendars']) {
    const op = operations.find((o) => o.path === path && o.method === 'POST');
    if (!op?.body) continue;
    const res = await call(app, 'POST', path, {
      token: andes.token,
      body: sampleValue(op.body, chooserFor(andes.vendorId)),
    });
    const kind = path.split('/').pop() as string;
    if (res.status < 300 && res.body?.id) ownership.set(res.body.id, { kind, vendorId: andes.vendorId });
  }
  // QA: an internal scorecard of the other vendor and a draft review of one of its tickets.
  const card = await call(app, 'POST', '/api/v1/qa/scorecards', {
    token: andes.token,
    body: {
      name: 'Andes QA',
      definition: {
        weighting: 'points',
        sections: [{ id: 's', name: 'S', criteria: [{ id: 'c', name: 'C', scale: { kind: 'binary' } }] }],
      },
    },
  });
  if (card.status !== 201) throw new Error(`probe: the foreign scorecard answered ${card.status}`);
  ownership.set(card.body.id, { kind: 'scorecards', vendorId: andes.vendorId });
  const ticket = idsOf('tickets', andes.vendorId)[0];
  const review = await call(app, 'POST', '/api/v1/qa/reviews', {
    token: andes.token,
    body: { scorecard_id: card.body.id, ticket_id: ticket, agent_id: andes.userId },
  });
  if (review.status !== 201) throw new Error(`probe: the foreign review answered ${review.status}`);
  ownership.set(review.body.id, { kind: 'reviews', vendorId: andes.vendorId });
  // A second review, submitted and disputed, and a calibration session of the other vendor.
  const disputed = await call(app, 'POST', '/api/v1/qa/reviews', {
    token: andes.token,
    body: {
      scorecard_id: card.body.id,
      ticket_id: ticket,
      agent_id: andes.userId,
      answers: { c: { value: 0 } },
    },
  });
  const submitted = await call(app, 'POST', `/api/v1/qa/reviews/${disputed.body.id}/submit`, {
    token: andes.token,
    body: {},
  });
  if (submitted.status !== 200) throw new Error(`probe: the foreign submit answered ${submitted.status}`);
  ownership.set(disputed.body.id, { kind: 'reviews', vendorId: andes.vendorId });
  const dispute = await call(app, 'POST', `/api/v1/qa/reviews/${disputed.body.id}/disputes`, {
    token: andes.token,
    body: { reason: 'Probe' },
  });
  if (dispute.status !== 201) throw new Error(`probe: the foreign dispute answered ${dispute.status}`);
  ownership.set(dispute.body.id, { kind: 'disputes', vendorId: andes.vendorId });
  // A coaching session of the other vendor on its submitted review, with an action item.
  const coaching = await call(app, 'POST', '/api/v1/qa/coaching-sessions', {
    token: andes.token,
    body: {
      review_ids: [disputed.body.id],
      actions: [{ description: 'Probe', due_date: '2999-12-31' }],
    },
  });
  if (coaching.status !== 201)
    throw new Error(`probe: the foreign coaching session answered ${coaching.status}`);
  ownership.set(coaching.body.id, { kind: 'coaching-sessions', vendorId: andes.vendorId });
  ownership.set(coaching.body.actions[0].id, { kind: 'coaching-actions', vendorId: andes.vendorId });
  const session = await call(app, 'POST', '/api/v1/qa/calibrations', {
    token: andes.token,
    body: {
      name: 'Andes calibration',
      scorecard_version_id: card.body.current_version.id,
      ticket_ids: [ticket],
      participant_ids: [andes.userId],
      benchmark_reviewer_id: andes.userId,
    },
  });
  if (session.status !== 201) throw new Error(`probe: the foreign calibration answered ${session.status}`);
  ownership.set(session.body.id, { kind: 'calibrations', vendorId: andes.vendorId });
  // A brand session too, so a write naming a session always aims at one that exists.
  const brandSession = await call(app, 'POST', '/api/v1/qa/calibrations', {
    token: admin.token,
    body: {
      name: 'Brand calibration',
      scorecard_version_id: card.body.current_version.id,
      ticket_ids: [ticket],
      participant_ids: [admin.userId],
      benchmark_reviewer_id: admin.userId,
    },
  });
  if (brandSession.status !== 201)
    throw new Error(`probe: the brand calibration answered ${brandSession.status}`);
  ownership.set(brandSession.body.id, { kind: 'calibrations', vendorId: null });
  // Billing: only the brand writes contracts, so the brand admin makes the other vendor's contract
  // and its draft invoice; the vendor users must never see either.
  const contract = await call(app, 'POST', '/api/v1/billing/contracts', {
    token: admin.token,
    body: {
      vendor_id: andes.vendorId,
      name: 'Andes contract',
      version: {
        effective_from: '2026-01-01',
        currency: 'EUR',
        lines: [{ model: 'handled_contact', tiers: [{ up_to: null, rate_minor: 250 }] }],
      },
    },
  });
  if (contract.status !== 201) throw new Error(`probe: the foreign contract answered ${contract.status}`);
  ownership.set(contract.body.id, { kind: 'contracts', vendorId: andes.vendorId });
  const invoice = await call(app, 'POST', `/api/v1/billing/contracts/${contract.body.id}/invoices`, {
    token: admin.token,
    body: { month: '2026-10' },
  });
  if (invoice.status !== 201) throw new Error(`probe: the foreign invoice answered ${invoice.status}`);
  ownership.set(invoice.body.id, { kind: 'invoices', vendorId: andes.vendorId });
}

async function fuzz(op: Operation) {
  const andesVendor = world.foreignAdmin.vendorId;
  const { url, body } = buildRequest(op, () => andesVendor, andesVendor);
  const variants: Array<{ url: string; body: unknown }> = [];
  if (op.body) for (const v of fuzzBodies(body, FUZZ_PER_OPERATION)) variants.push({ url, body: v.body });
  // Already percent-encoded: a lone surrogate has no UTF-8 form, so it goes as its raw bytes.
  for (const bad of ['not-a-uuid', 'a%00b', '%ED%A0%80', 'x'.repeat(5_000)]) {
    if (op.pathParams.length === 0) break;
    variants.push({ url: op.path.replace(/\{\w+\}/g, bad), body });
  }
  for (const v of variants) await send(admin, op.method, v.url, v.body);
}

const rank = (op: Operation) =>
  op.path === '/api/v1/auth/logout' ? 3 : op.method === 'DELETE' ? 2 : op.method === 'GET' ? 0 : 1;
const ordered = [...operations].sort((a, b) => rank(a) - rank(b));

await createForeignObjects();
// A positive control: the brand admin's ticket list must show ids foreign to the vendor users,
// or the leak check below would pass without checking anything.
const control = await call(app, 'GET', '/api/v1/tickets?limit=50', { token: admin.token });
if (findForeignIds(control.body, ownership, world.actors[0]?.vendorId as string).length === 0) {
  throw new Error('probe: the control found no foreign ids in the brand admin’s tickets');
}
for (const op of ordered.filter((o) => o.method !== 'GET' && o.method !== 'DELETE')) await fuzz(op);
for (const actor of world.actors) {
  for (const op of ordered) await drive(actor, op);
}
await world.close();

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const kinds = new Map<string, number>();
for (const o of ownership.values()) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
console.log(
  `probe: ${operations.length} operations, ${world.actors.length} vendor users, ${ownership.size} owned ids:`,
);
console.log(`  ${[...kinds].map(([k, n]) => `${k}=${n}`).join(' ')}`);
console.log(
  `probe: requests=${counts.requests} leaks=${counts.leaks} foreign_writes=${counts.foreignWrites} ` +
    `5xx=${counts.serverErrors} timeouts=${findings.filter((f) => f.type === 'timeout').length} time=${seconds}s`,
);
for (const f of findings) console.log(`- [${f.type}] ${f.actor}: ${f.request}\n    → ${f.detail}`);
process.exit(findings.length > 0 ? 1 : 0);
