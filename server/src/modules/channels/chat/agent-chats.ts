import type { Actor, Tx } from '../../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../../platform/errors.js';
import { addMessage, getTicket, updateTicket } from '../../tickets/index.js';
import * as repo from './repository.js';

/**
 * Live chats from the agent's side: the chats waiting for someone and the agent's own, taking one
 * (first come, first served under the ticket row's lock) and ending one. Row-level security decides
 * which chats a vendor's agents see; a chat nobody routed yet (no vendor) is the brand's to take.
 */

type ChatRow = Awaited<ReturnType<typeof repo.agentChats>>[number];

export function chatOut(row: ChatRow) {
  const { last_message, customer_name, ...rest } = row;
  return {
    ...rest,
    customer_name: customer_name ?? '',
    last_message_preview: last_message?.preview ?? null,
    last_message_at: last_message ? new Date(last_message.at).toISOString() : null,
    last_message_author_kind: (last_message?.author_kind ?? null) as 'customer' | 'agent' | 'system' | null,
  };
}

export async function listChats(tx: Tx, actor: Actor, state: 'waiting' | 'active') {
  const rows = await repo.agentChats(tx, { state, userId: actor.userId, vendorId: actor.vendorId });
  return { items: rows.map(chatOut) };
}

const SUPERVISORS = new Set(['brand_admin', 'vendor_admin', 'team_lead']);

/** The chat's ticket (locked) and conversation, or 404 when it is no chat the actor can see. */
async function lockedChat(tx: Tx, ticketId: string) {
  const ticket = await getTicket(tx, ticketId, { lock: true });
  const conversation = await repo.findConversation(tx, ticketId);
  if (!conversation) throw new NotFound('Chat', ticketId);
  return { ticket, conversation };
}

async function chatRow(tx: Tx, actor: Actor, ticketId: string) {
  const [row] = await repo.agentChats(tx, {
    state: 'active',
    userId: actor.userId,
    vendorId: actor.vendorId,
    ticketId,
  });
  return row ? chatOut(row) : null;
}

/**
 * Takes a waiting chat. The ticket row is locked first, so of two agents accepting at once the second
 * waits, then finds the chat taken and gets a 409. Accepting one's own chat again changes nothing.
 */
export async function acceptChat(tx: Tx, actor: Actor, ticketId: string) {
  const { ticket, conversation } = await lockedChat(tx, ticketId);
  if (ticket.agent_id === actor.userId) return (await chatRow(tx, actor, ticketId))!;
  if (ticket.agent_id) {
    throw new Conflict('Another agent has taken this chat', [
      { path: 'params.ticketId', message: 'already taken' },
    ]);
  }
  if (conversation.ended_at || ticket.status === 'solved' || ticket.status === 'closed') {
    throw new Conflict('This chat has ended', [{ path: 'params.ticketId', message: 'chat ended' }]);
  }
  if (conversation.mode !== 'live') {
    throw new Conflict('This chat continues by email', [
      { path: 'params.ticketId', message: 'not live any more' },
    ]);
  }
  if (ticket.vendor_id !== actor.vendorId) {
    // Only a brand user gets here (row-level security hides other vendors' chats from vendor users).
    throw new Invalid('This chat is routed to a vendor; its agents take it', [
      { path: 'params.ticketId', message: 'routed to a vendor' },
    ]);
  }
  await updateTicket(tx, actor, ticketId, {
    agent_id: actor.userId,
    ...(actor.vendorId && actor.siteId ? { site_id: actor.siteId } : {}),
    ...(actor.vendorId && actor.teamId ? { team_id: actor.teamId } : {}),
    ...(ticket.status === 'new' ? { status: 'open' as const } : {}),
  });
  const agent = (await chatRow(tx, actor, ticketId))!;
  await addMessage(tx, {
    organizationId: actor.organizationId,
    ticket: { ...ticket, vendor_id: agent.vendor_id },
    by: { kind: 'system' },
    message: {
      author: 'system',
      channel: 'chat',
      bodyText: `${agent.agent_name || 'An agent'} joined the chat.`,
    },
  });
  return (await chatRow(tx, actor, ticketId))!;
}

/**
 * Ends the chat for the visitor: a closing line in the chat, the conversation marked ended (the
 * widget is told through the event bus), and the ticket solved. Ending an ended chat changes nothing.
 */
export async function endChat(tx: Tx, actor: Actor, ticketId: string) {
  const { ticket, conversation } = await lockedChat(tx, ticketId);
  if (ticket.agent_id !== actor.userId && !SUPERVISORS.has(actor.role)) {
    throw new Forbidden('Only the chat’s agent or a supervisor ends a chat', [
      { path: 'params.ticketId', message: 'not your chat' },
    ]);
  }
  if (!conversation.ended_at) {
    const ended = await repo.endConversation(tx, ticketId, actor.userId);
    const name = (await repo.findTicketForAgent(tx, ticketId, actor.userId))?.agentName;
    await addMessage(tx, {
      organizationId: actor.organizationId,
      ticket,
      by: { kind: 'system' },
      message: { author: 'system', channel: 'chat', bodyText: `${name || 'The agent'} ended the chat.` },
      events: [
        {
          type: 'chat.ended',
          subjectId: ticketId,
          payload: { ticketId, endedBy: actor.userId, endedAt: ended?.ended_at ?? null },
        },
      ],
    });
    if (ticket.status !== 'solved' && ticket.status !== 'closed') {
      await updateTicket(tx, actor, ticketId, { status: 'solved' });
    }
  }
  const after = (await repo.findConversation(tx, ticketId))!;
  return {
    ticket_id: ticketId,
    status: after.status,
    ended_at: after.ended_at ? new Date(after.ended_at).toISOString() : null,
    ended_by: conversation.ended_by ?? actor.userId,
  };
}
