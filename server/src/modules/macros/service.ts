import type { z } from 'zod';
import { roleAllows } from '../../platform/auth/permissions.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { firstName, PLACEHOLDERS, renderMacro, unknownPlaceholders } from './placeholders.js';
import * as repo from './repository.js';
import type { macroCreate, macroUpdate } from './schemas.js';

/**
 * Macros (canned responses). A brand admin's macro is approved at once and serves everyone; a vendor
 * admin's or team lead's is a proposal for their own vendor until a brand admin approves it. Agents
 * see approved macros only; those who may write macros also see their vendor's proposals.
 */

type Macro = NonNullable<Awaited<ReturnType<typeof repo.find>>>;

function checkBody(body: string | undefined) {
  if (body === undefined) return;
  const unknown = unknownPlaceholders(body);
  if (unknown.length) {
    throw new Invalid('The macro uses placeholders that do not exist', [
      {
        path: 'body.body',
        message: `unknown ${unknown.map((u) => `{{${u}}}`).join(', ')}; use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
      },
    ]);
  }
}

const writes = (actor: Actor) => roleAllows(actor.role, 'macros:write', actor.scopes);

export function listMacros(tx: Tx, actor: Actor, language: string | undefined) {
  return repo.list(tx, { language, approvedOnly: !writes(actor) }).then((items) => ({ items }));
}

export function createMacro(tx: Tx, actor: Actor, input: z.output<typeof macroCreate>) {
  checkBody(input.body);
  const brand = actor.vendorId === null;
  return repo.insert(tx, {
    organization_id: actor.organizationId,
    vendor_id: actor.vendorId,
    name: input.name,
    language: input.language,
    body: input.body,
    approved: brand,
    approved_by: brand ? actor.userId : null,
    approved_at: brand ? new Date().toISOString() : null,
    created_by: actor.userId,
  });
}

/** A macro the actor may change: any for a brand admin; a vendor's own unapproved proposal otherwise. */
async function changeable(tx: Tx, actor: Actor, id: string): Promise<Macro> {
  const macro = await repo.find(tx, id, { lock: true });
  if (!macro || (!macro.approved && !writes(actor))) throw new NotFound('Macro', id);
  if (actor.vendorId === null) return macro;
  if (macro.vendor_id !== actor.vendorId || macro.approved) {
    throw new Forbidden('Only brand admins change the brand’s macros and approved ones', [
      { path: 'params.id', message: macro.approved ? 'approved macro' : 'not your vendor’s' },
    ]);
  }
  return macro;
}

export async function updateMacro(tx: Tx, actor: Actor, id: string, input: z.output<typeof macroUpdate>) {
  checkBody(input.body);
  await changeable(tx, actor, id);
  const updated = await repo.update(tx, id, input);
  if (!updated) throw new NotFound('Macro', id);
  return updated;
}

export async function deleteMacro(tx: Tx, actor: Actor, id: string) {
  await changeable(tx, actor, id);
  if (!(await repo.remove(tx, id))) throw new NotFound('Macro', id);
}

export async function approveMacro(tx: Tx, actor: Actor, id: string) {
  const macro = await repo.find(tx, id, { lock: true });
  if (!macro) throw new NotFound('Macro', id);
  if (macro.approved) return macro;
  const updated = await repo.update(tx, id, {
    approved: true,
    approved_by: actor.userId,
    approved_at: new Date().toISOString(),
  });
  return updated!;
}

/** The macro's text with the ticket's, customer's, agent's and brand's names filled in. */
export async function renderForTicket(tx: Tx, actor: Actor, ticketId: string, macroId: string) {
  const macro = await repo.find(tx, macroId);
  if (!macro || (!macro.approved && !writes(actor))) throw new NotFound('Macro', macroId);
  const context = await repo.renderContext(tx, ticketId, actor.userId);
  if (!context) throw new NotFound('Ticket', ticketId);
  const customer = context.customer_name ?? '';
  const agent = context.agent_name ?? '';
  return {
    body: renderMacro(macro.body, {
      'customer.name': customer,
      'customer.first_name': firstName(customer),
      'ticket.number': String(context.number),
      'ticket.subject': context.subject,
      'agent.name': agent,
      'agent.first_name': firstName(agent),
      'brand.name': context.brand_name ?? '',
    }),
  };
}
