import type { z } from 'zod';
import { roleAllows } from '../../platform/auth/permissions.js';
import { type Actor, asActor, asOwner, type Tx } from '../../platform/db/transaction.js';
import { type FieldError, Invalid, NotFound } from '../../platform/errors.js';
import { solvedTicketSignals } from '../analytics/index.js';
import { record } from '../audit/index.js';
import { openFindingsOf } from './checks.repository.js';
import * as reviews from './repository.js';
import { assignReviewers, pickSample, type SamplingTargets, weekBounds, weekOf } from './sampling.js';
import * as repo from './sampling.repository.js';
import type {
  assignmentListQuery,
  samplingRuleCreate,
  samplingRulePatch,
  samplingTargets,
} from './sampling.schemas.js';

/**
 * Sampling rules pick the conversations QA reviews each week (pure choice in sampling.ts) and hand
 * them to reviewers as assignments with a due date. A brand rule may cover every vendor or one; a
 * vendor's rule covers its own agents. Row-level security keeps a vendor's users to their own
 * rules and to the assignments on their own agents. docs/qa.md "Sampling".
 */

type Rule = NonNullable<Awaited<ReturnType<typeof repo.findRule>>>;

const ruleView = ({ organization_id: _, created_by: __, ...r }: Rule) => ({
  ...r,
  targets: r.targets as z.output<typeof samplingTargets>,
});

export async function listRules(tx: Tx) {
  return { items: (await repo.listRules(tx)).map(ruleView) };
}

async function visibleRule(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const rule = await repo.findRule(tx, id, options);
  if (!rule) throw new NotFound('Sampling rule', id);
  return rule;
}

/** Reviewers must review (qa:review), be active, and sit on a side that may review the covered agents. */
async function checkReviewers(tx: Tx, ids: string[], scopeVendorId: string | null, path: string) {
  const users = new Map((await repo.reviewers(tx, ids)).map((u) => [u.id, u]));
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    const u = users.get(id);
    if (!u) errors.push({ path: `${path}.${i}`, message: 'no such user' });
    else if (!u.active) errors.push({ path: `${path}.${i}`, message: 'deactivated' });
    else if (!roleAllows(u.role, 'qa:review'))
      errors.push({ path: `${path}.${i}`, message: 'not a QA reviewer' });
    else if (u.vendor_id !== null && u.vendor_id !== scopeVendorId)
      errors.push({
        path: `${path}.${i}`,
        message: scopeVendorId
          ? 'a reviewer of another vendor'
          : 'a vendor’s reviewer cannot review every vendor',
      });
  });
  if (errors.length) throw new Invalid('Some reviewers cannot take these assignments', errors);
}

export async function createRule(tx: Tx, actor: Actor, input: z.output<typeof samplingRuleCreate>) {
  // A vendor's rule covers its own agents only; naming another vendor reveals nothing.
  let scope = input.scope_vendor_id ?? null;
  if (actor.vendorId !== null) {
    if (scope !== null && scope !== actor.vendorId) throw new NotFound('Vendor', scope);
    scope = actor.vendorId;
  } else if (scope !== null) {
    const vendor = await tx.selectFrom('vendors').select('id').where('id', '=', scope).executeTakeFirst();
    if (!vendor) throw new NotFound('Vendor', scope);
  }
  const scorecard = await reviews.findScorecard(tx, input.scorecard_id);
  if (!scorecard) throw new NotFound('Scorecard', input.scorecard_id);
  if (!scorecard.active || (scorecard.vendor_id !== null && scorecard.vendor_id !== scope))
    throw new Invalid('The scorecard cannot review these agents', [
      {
        path: 'body.scorecard_id',
        message: scorecard.active ? 'another vendor’s own scorecard' : 'the scorecard is inactive',
      },
    ]);
  await checkReviewers(tx, input.reviewer_ids, scope, 'body.reviewer_ids');
  const rule = await repo
    .insertRule(tx, {
      organization_id: actor.organizationId,
      vendor_id: actor.vendorId,
      name: input.name,
      scorecard_id: scorecard.id,
      scope_vendor_id: scope,
      per_agent: input.per_agent,
      targets: JSON.stringify(input.targets),
      reviewer_ids: input.reviewer_ids,
      due_days: input.due_days,
      active: input.active,
      created_by: actor.userId,
    })
    .catch((err: { code?: string }) => {
      if (err.code === '23505')
        throw new Invalid('A sampling rule with this name exists', [{ path: 'body.name', message: 'taken' }]);
      throw err;
    });
  await record(tx, actor, {
    action: 'qa_sampling_rule.created',
    objectType: 'qa_sampling_rule',
    objectId: rule.id,
    vendorId: scope,
    details: { name: rule.name, per_agent: rule.per_agent, targets: input.targets },
  });
  return ruleView(rule);
}

export async function patchRule(tx: Tx, actor: Actor, id: string, input: z.output<typeof samplingRulePatch>) {
  const rule = await visibleRule(tx, id, { lock: true });
  if (input.reviewer_ids)
    await checkReviewers(tx, input.reviewer_ids, rule.scope_vendor_id, 'body.reviewer_ids');
  const { targets, ...rest } = input;
  const changes = { ...rest, ...(targets ? { targets: JSON.stringify(targets) } : {}) };
  if (!Object.keys(changes).length) return ruleView(rule);
  const updated = await repo.updateRule(tx, id, changes).catch((err: { code?: string }) => {
    if (err.code === '23505')
      throw new Invalid('A sampling rule with this name exists', [{ path: 'body.name', message: 'taken' }]);
    throw err;
  });
  await record(tx, actor, {
    action: 'qa_sampling_rule.updated',
    objectType: 'qa_sampling_rule',
    objectId: id,
    vendorId: rule.scope_vendor_id,
    details: { changed: Object.keys(input) },
  });
  return ruleView(updated);
}

/** Monday of last week (UTC): the weekly run samples the week that just ended. */
export const lastWeek = (now = new Date()) => weekOf(new Date(now.getTime() - 7 * 86_400_000));

/**
 * Samples one week for the rule: the tickets last solved that week by the covered agents, minus
 * those sampled or reviewed before; picks (sampling.ts) and assigns them. Once per rule and week:
 * a second run returns what the first made.
 */
export async function runRule(tx: Tx, actor: Actor, id: string, week: string, now = new Date()) {
  const rule = await visibleRule(tx, id, { lock: true });
  const claimed = await repo.claimRun(tx, {
    rule_id: rule.id,
    week,
    organization_id: rule.organization_id,
    vendor_id: rule.vendor_id,
    picked: 0,
  });
  if (!claimed) {
    const made = await repo.listAssignments(tx, { ruleId: rule.id, week, limit: 500 });
    return { week, already_ran: true, picked: made.length, assignments: await withScorecards(tx, made) };
  }
  const period = weekBounds(week);
  // The rollup's per-ticket contributions are read as the owner (no policy for tandem_app), scoped
  // explicitly: a vendor's rule covers its own vendor, whatever it asks.
  const scope = actor.vendorId ?? rule.scope_vendor_id;
  const signals = await asOwner(tx, () =>
    solvedTicketSignals(tx, actor.organizationId, { ...period, vendorId: scope }),
  );
  const ids = signals.map((s) => s.ticket_id);
  const targets = rule.targets as SamplingTargets;
  // Findings are read under the caller's row-level security: a vendor's rule sees its own only.
  const [taken, tags, findings] = await Promise.all([
    repo.alreadyTaken(tx, ids),
    repo.tagsOf(tx, ids),
    targets.check_findings ? openFindingsOf(tx, ids) : new Map<string, never[]>(),
  ]);
  const picks = pickSample(
    { per_agent: rule.per_agent, targets },
    signals.map((s) => ({
      ...s,
      tags: tags.get(s.ticket_id) ?? [],
      findings: findings.get(s.ticket_id) ?? [],
    })),
    taken,
    `${rule.id}:${week}`,
  );
  const assigned = picks.length
    ? assignReviewers(picks, rule.reviewer_ids, await repo.openLoad(tx, rule.reviewer_ids))
    : [];
  const dueAt = new Date(now.getTime() + rule.due_days * 86_400_000).toISOString();
  const made = await repo.insertAssignments(
    tx,
    assigned.map((a) => ({
      organization_id: rule.organization_id,
      vendor_id: a.vendor_id,
      rule_id: rule.id,
      week,
      ticket_id: a.ticket_id,
      agent_id: a.agent_id,
      reviewer_id: a.reviewer_id,
      reasons: a.reasons,
      due_at: dueAt,
    })),
  );
  await repo.setRunCount(tx, rule.id, week, made.length);
  return { week, already_ran: false, picked: made.length, assignments: await withScorecards(tx, made) };
}

/**
 * Assignments with the scorecard their rule reviews on. A vendor's reviewer may hold assignments of
 * a brand rule it cannot read; the assignment itself is visible (row-level security decided), so its
 * rule's scorecard is read as the owner, for exactly those rules.
 */
async function withScorecards<A extends { rule_id: string }>(tx: Tx, assignments: A[]) {
  const scorecards = await asOwner(tx, () =>
    repo.scorecardsOfRules(tx, [...new Set(assignments.map((a) => a.rule_id))]),
  );
  return assignments.map((a) => ({ ...a, scorecard_id: scorecards.get(a.rule_id)! }));
}

export async function listAssignments(tx: Tx, query: z.output<typeof assignmentListQuery>) {
  return {
    items: await withScorecards(
      tx,
      await repo.listAssignments(tx, {
        reviewerId: query.reviewer_id,
        agentId: query.agent_id,
        ruleId: query.rule_id,
        week: query.week,
        state: query.state,
        limit: query.limit,
      }),
    ),
  };
}

/** Active rules, for the weekly run (an owner transaction: every brand's). */
export const activeRuleIds = async (system: Tx) => (await repo.activeRules(system)).map((r) => r.id);

/**
 * One rule's weekly run in an owner transaction, as the user who made the rule (row-level security
 * applies as it would to them); null when that user is gone.
 */
export async function runRuleAsCreator(system: Tx, ruleId: string, week: string, now = new Date()) {
  const rule = await repo.findRule(system, ruleId);
  const creator = rule && (await repo.creatorOf(system, rule.created_by));
  if (!rule || !creator) return null;
  const actor: Actor = {
    userId: creator.id,
    organizationId: rule.organization_id,
    role: creator.role,
    vendorId: rule.vendor_id,
    siteId: creator.site_id,
    teamId: creator.team_id,
  };
  return asActor(system, actor, () => runRule(system, actor, ruleId, week, now));
}
