import type { InfiniteData, QueryClient } from '@tanstack/react-query';

/**
 * What a realtime event means for the query cache. Events carry ids, not rows (the server's rule:
 * fetch the subject over REST), so most of the work is invalidating exactly the queries an event
 * touches; a status change is patched at once so the inbox does not flicker while it refetches, and
 * a ticket moved to another vendor disappears from every cached list and page.
 */

export interface RealtimeEvent {
  id: number;
  type: string;
  subject_id: string;
  ticket_id: string | null;
  created_at: string;
  payload?: Record<string, unknown>;
}

/** Query keys shared with the pages (tickets/queries.ts, chats/queries.ts). */
export const keys = {
  ticketLists: ['tickets', 'list'] as const,
  ticket: (id: string) => ['tickets', 'detail', id] as const,
  timeline: (id: string) => ['tickets', 'timeline', id] as const,
  activity: (id: string) => ['tickets', 'activity', id] as const,
  customerTickets: ['customers', 'tickets'] as const,
  chats: ['chats'] as const,
  chatTyping: (id: string) => ['chats', 'typing', id] as const,
};

interface Row {
  id: string;
  status?: string;
}
type ListPage = { items: Row[]; nextCursor: string | null };

function patchRows(client: QueryClient, ticketId: string, change: (row: Row) => Row | null) {
  client.setQueriesData<InfiniteData<ListPage>>({ queryKey: keys.ticketLists }, (data) => {
    if (!data?.pages) return data;
    let touched = false;
    const pages = data.pages.map((page) => {
      if (!page.items.some((r) => r.id === ticketId)) return page;
      touched = true;
      const items = page.items.flatMap((r) => {
        if (r.id !== ticketId) return [r];
        const next = change(r);
        return next ? [next] : [];
      });
      return { ...page, items };
    });
    return touched ? { ...data, pages } : data;
  });
}

/** Applies one event; returns the query keys it invalidated (for tests and logging). */
export function applyRealtimeEvent(client: QueryClient, event: RealtimeEvent): readonly unknown[][] {
  const ticketId = event.ticket_id;
  const invalidated: unknown[][] = [];
  const invalidate = (queryKey: readonly unknown[]) => {
    invalidated.push([...queryKey]);
    void client.invalidateQueries({ queryKey });
  };

  if (event.type === 'ticket.moved_away' && ticketId) {
    // The ticket now belongs to another vendor: forget everything about it here.
    patchRows(client, ticketId, () => null);
    client.removeQueries({ queryKey: keys.ticket(ticketId) });
    client.removeQueries({ queryKey: keys.timeline(ticketId) });
    invalidate(keys.chats);
    return invalidated;
  }

  if (event.type.startsWith('ticket.agent_') && ticketId) {
    invalidate(keys.activity(ticketId));
    return invalidated;
  }

  if (event.type === 'chat.visitor_typing' && ticketId) {
    client.setQueryData(keys.chatTyping(ticketId), {
      typing: event.payload?.typing === true,
      at: Date.now(),
    });
    return invalidated;
  }

  if (event.type.startsWith('chat.')) {
    invalidate(keys.chats);
    if (ticketId) invalidate(keys.ticket(ticketId));
    return invalidated;
  }

  if (event.type.startsWith('ticket.') && ticketId) {
    const status = event.payload?.status;
    if (typeof status === 'string') {
      patchRows(client, ticketId, (row) => ({ ...row, status }));
      client.setQueryData<Row>(keys.ticket(ticketId), (t) => (t ? { ...t, status } : t));
    }
    invalidate(keys.ticketLists);
    if (event.type !== 'ticket.created') {
      invalidate(keys.ticket(ticketId));
      invalidate(keys.timeline(ticketId));
    }
    invalidate(keys.customerTickets);
    invalidate(keys.chats);
    return invalidated;
  }

  if (event.type.startsWith('message.') && ticketId) {
    invalidate(keys.timeline(ticketId));
    // Inbox rows show the latest message and sort by update time.
    invalidate(keys.ticketLists);
    invalidate(keys.chats);
    return invalidated;
  }

  if (event.type.startsWith('customer.')) invalidate(keys.customerTickets);
  return invalidated;
}
