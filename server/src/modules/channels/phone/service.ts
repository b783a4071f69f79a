import type { z } from 'zod';
import type { Row } from '../../../platform/db/schema.js';
import type { Actor, Tx } from '../../../platform/db/transaction.js';
import { DomainError, Invalid } from '../../../platform/errors.js';
import { upsertCustomerByIdentity } from '../../customers/index.js';
import { getTicket, openTicket, receiveMessage, updateTicket, writerOf } from '../../tickets/index.js';
import { findUserByEmail, getUser } from '../../users/index.js';
import { findVendorByRef } from '../../vendors/index.js';
import { type IncomingEvent, recordOf } from './call-record.js';
import { toE164 } from './caller-number.js';
import * as repo from './repository.js';
import type { callView, phoneEvent } from './schemas.js';

/**
 * CTI intake: each call becomes one phone ticket of the caller's customer (found by E.164 number),
 * with a call record rebuilt from every event received for it. Answered, ended and abandoned calls
 * leave a system line in the ticket's conversation; the answering agent is assigned when the ticket
 * has none yet.
 */

type PhoneEvent = z.output<typeof phoneEvent>;
type Agent = { id: string; vendor_id: string | null; display_name: string };

async function resolveAgent(tx: Tx, agent: PhoneEvent['agent']): Promise<Agent | null> {
  if (!agent) return null;
  const found = agent.id
    ? await getUser(tx, agent.id).catch((err: unknown) => {
        if (err instanceof DomainError && err.status === 404) return undefined;
        throw err;
      })
    : await findUserByEmail(tx, agent.email!);
  if (!found) {
    throw new Invalid('The agent is not a user of this organization', [
      { path: agent.id ? 'body.agent.id' : 'body.agent.email', message: 'unknown user' },
    ]);
  }
  return found;
}

function describeEvent(e: IncomingEvent, agent: Agent | null): string {
  const secs = (n: number | null | undefined) => (n == null ? null : `${Math.round(n)} s`);
  switch (e.event) {
    case 'offered':
      return [
        `Call from ${e.caller_number ?? 'a withheld number'}`,
        e.dialled_number ? `to ${e.dialled_number}` : null,
        e.ivr_path?.length ? `via IVR ${e.ivr_path.join(' › ')}` : null,
        e.queue ? `in queue ${e.queue}` : null,
      ]
        .filter(Boolean)
        .join(' ');
    case 'answered':
      return `Call answered${agent ? ` by ${agent.display_name}` : ''}${e.wait_seconds != null ? ` after ${secs(e.wait_seconds)} waiting` : ''}`;
    case 'ended': {
      const parts = [
        e.talk_seconds != null ? `talk ${secs(e.talk_seconds)}` : null,
        e.hold_seconds != null ? `hold ${secs(e.hold_seconds)}` : null,
        e.wrap_up_seconds != null ? `wrap-up ${secs(e.wrap_up_seconds)}` : null,
      ].filter(Boolean);
      return `Call ended${parts.length ? `: ${parts.join(', ')}` : ''}${e.recording_url ? `. Recording: ${e.recording_url}` : ''}`;
    }
    case 'abandoned':
      return `Caller hung up before an answer${e.wait_seconds != null ? ` after ${secs(e.wait_seconds)} waiting` : ''}`;
  }
}

export function callOut(row: Row<'calls'>): z.output<typeof callView> {
  const n = (v: string | null) => (v === null ? null : Number(v));
  return {
    ...row,
    wait_seconds: n(row.wait_seconds),
    talk_seconds: n(row.talk_seconds),
    hold_seconds: n(row.hold_seconds),
    wrap_up_seconds: n(row.wrap_up_seconds),
  };
}

export async function recordPhoneEvent(
  tx: Tx,
  actor: Actor,
  input: PhoneEvent,
  defaultCountry: string | undefined,
): Promise<{ call: z.output<typeof callView>; duplicate: boolean }> {
  let caller: string | null = null;
  if (input.caller_number) {
    caller = toE164(input.caller_number, defaultCountry);
    if (!caller) {
      throw new Invalid('The caller number is not a valid phone number', [
        {
          path: 'body.caller_number',
          message: defaultCountry
            ? `not a number of ${defaultCountry} or in +country form`
            : 'use +country form (no TANDEM_PHONE_DEFAULT_COUNTRY is set)',
        },
      ]);
    }
  }
  const agent = await resolveAgent(tx, input.agent);
  if (input.vendor_id && !(await findVendorByRef(tx, input.vendor_id))) {
    throw new Invalid('Unknown vendor', [{ path: 'body.vendor_id', message: 'unknown vendor' }]);
  }
  const incoming: IncomingEvent = {
    event: input.event,
    occurred_at: new Date(input.occurred_at ?? Date.now()).toISOString(),
    caller_number: caller,
    dialled_number: input.dialled_number ?? null,
    ivr_path: input.ivr_path ?? [],
    queue: input.queue ?? null,
    agent_id: agent?.id ?? null,
    wait_seconds: input.wait_seconds ?? null,
    talk_seconds: input.talk_seconds ?? null,
    hold_seconds: input.hold_seconds ?? null,
    wrap_up_seconds: input.wrap_up_seconds ?? null,
    recording_url: input.recording_url ?? null,
  };
  const line = {
    author: 'system' as const,
    channel: 'phone' as const,
    bodyText: describeEvent(incoming, agent),
    externalId: `phone:${input.call_id}:${input.event}`,
  };

  await repo.lockCall(tx, actor.organizationId, input.call_id);
  const existing = await repo.findCall(tx, actor.organizationId, input.call_id);
  if (!existing) {
    // The first event of a call, whichever it is, opens the caller's ticket.
    const identity = caller
      ? { kind: 'phone' as const, value: caller }
      : { kind: 'external' as const, value: `call:${input.call_id}` };
    const customer = await upsertCustomerByIdentity(tx, actor, [identity], input.caller_name ?? '');
    const vendorId = actor.vendorId ?? input.vendor_id ?? agent?.vendor_id ?? null;
    const { ticket } = await openTicket(tx, {
      organizationId: actor.organizationId,
      by: writerOf(actor),
      subject: `Call from ${caller ?? 'a withheld number'}`,
      channel: 'phone',
      customer,
      vendorId,
      agentId: agent && agent.vendor_id === vendorId ? agent.id : null,
      queue: incoming.queue,
      tags: input.event === 'abandoned' ? ['abandoned'] : [],
      message: line,
    });
    const row = await repo.insertCall(tx, {
      organization_id: actor.organizationId,
      call_id: input.call_id,
      ticket_id: ticket.id,
      customer_id: customer.id,
      direction: input.direction,
      ...recordOf([incoming]),
    });
    await repo.insertCallEvent(tx, {
      callRowId: row.id,
      organizationId: actor.organizationId,
      event: input.event,
      occurredAt: incoming.occurred_at,
      payload: incoming,
    });
    return { call: callOut(row), duplicate: false };
  }

  const fresh = await repo.insertCallEvent(tx, {
    callRowId: existing.id,
    organizationId: actor.organizationId,
    event: input.event,
    occurredAt: incoming.occurred_at,
    payload: incoming,
  });
  if (!fresh) return { call: callOut(existing), duplicate: true };
  const row = await repo.updateCall(tx, existing.id, recordOf(await repo.callEvents(tx, existing.id)));
  // A call's line on a ticket closed meanwhile is not added: a closed ticket is final.
  await receiveMessage(tx, {
    organizationId: actor.organizationId,
    ticketId: existing.ticket_id,
    by: writerOf(actor),
    message: line,
  });
  const ticket = await getTicket(tx, existing.ticket_id);
  if (input.event === 'answered' && agent && !ticket.agent_id) {
    // Assign the answering agent when it fits the ticket's vendor (or the ticket has none yet).
    if (ticket.vendor_id === null || ticket.vendor_id === agent.vendor_id) {
      await updateTicket(tx, actor, ticket.id, {
        agent_id: agent.id,
        ...(ticket.vendor_id === null && agent.vendor_id ? { vendor_id: agent.vendor_id } : {}),
        ...(ticket.status === 'new' ? { status: 'open' } : {}),
      });
    }
  } else if (input.event === 'abandoned' && !ticket.tags.includes('abandoned')) {
    await updateTicket(tx, actor, ticket.id, { tags: [...ticket.tags, 'abandoned'] });
  }
  return { call: callOut(row), duplicate: false };
}
