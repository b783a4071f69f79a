import { type InfiniteData, QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyRealtimeEvent, keys, type RealtimeEvent } from './cache-patch';

type Page = { items: { id: string; status: string }[]; nextCursor: string | null };
const listKey = [...keys.ticketLists, { view: 'all' }];

function setup() {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY } } });
  client.setQueryData<InfiniteData<Page>>(listKey, {
    pages: [
      {
        items: [
          { id: 'a', status: 'open' },
          { id: 'b', status: 'new' },
        ],
        nextCursor: 'c1',
      },
      { items: [{ id: 'c', status: 'pending' }], nextCursor: null },
    ],
    pageParams: [undefined, 'c1'],
  });
  client.setQueryData(keys.ticket('b'), { id: 'b', status: 'new', subject: 'Parcel' });
  client.setQueryData(keys.timeline('b'), [{ kind: 'message', id: 'm1' }]);
  return client;
}
const event = (over: Partial<RealtimeEvent>): RealtimeEvent => ({
  id: 1,
  type: 'ticket.updated',
  subject_id: 'b',
  ticket_id: 'b',
  created_at: new Date().toISOString(),
  ...over,
});
const stale = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;

describe('realtime cache patching', () => {
  it('a new ticket invalidates the inbox lists (so it appears) but no ticket page', () => {
    const client = setup();
    applyRealtimeEvent(client, event({ type: 'ticket.created', subject_id: 'z', ticket_id: 'z' }));
    expect(stale(client, listKey)).toBe(true);
    expect(stale(client, keys.ticket('b'))).toBe(false);
  });

  it('a status change is patched into the list rows and the ticket at once, then refetched', () => {
    const client = setup();
    applyRealtimeEvent(client, event({ type: 'ticket.status_changed', payload: { status: 'solved' } }));
    const list = client.getQueryData<InfiniteData<Page>>(listKey)!;
    expect(list.pages[0]!.items.find((r) => r.id === 'b')!.status).toBe('solved');
    expect(list.pages[0]!.items.find((r) => r.id === 'a')!.status).toBe('open');
    expect(client.getQueryData<{ status: string }>(keys.ticket('b'))!.status).toBe('solved');
    expect(stale(client, keys.ticket('b'))).toBe(true);
    expect(stale(client, keys.timeline('b'))).toBe(true);
  });

  it('a new message refreshes that ticket’s timeline and the lists, not other tickets', () => {
    const client = setup();
    client.setQueryData(keys.timeline('a'), []);
    applyRealtimeEvent(
      client,
      event({ type: 'message.created', subject_id: 'm2', ticket_id: 'b', payload: { ticketId: 'b' } }),
    );
    expect(stale(client, keys.timeline('b'))).toBe(true);
    expect(stale(client, listKey)).toBe(true);
    expect(stale(client, keys.timeline('a'))).toBe(false);
  });

  it('a ticket moved to another vendor disappears from every page and cache', () => {
    const client = setup();
    applyRealtimeEvent(client, event({ type: 'ticket.moved_away' }));
    const list = client.getQueryData<InfiniteData<Page>>(listKey)!;
    expect(list.pages.flatMap((p) => p.items.map((r) => r.id))).toEqual(['a', 'c']);
    expect(list.pages[0]!.nextCursor).toBe('c1');
    expect(client.getQueryData(keys.ticket('b'))).toBeUndefined();
    expect(client.getQueryData(keys.timeline('b'))).toBeUndefined();
  });

  it('viewing/typing signals refresh who is on the ticket; visitor typing is stored for the chat', () => {
    const client = setup();
    client.setQueryData(keys.activity('b'), []);
    applyRealtimeEvent(client, event({ id: 0, type: 'ticket.agent_typing' }));
    expect(stale(client, keys.activity('b'))).toBe(true);
    expect(stale(client, listKey)).toBe(false);
    applyRealtimeEvent(client, event({ id: 0, type: 'chat.visitor_typing', payload: { typing: true } }));
    expect(client.getQueryData<{ typing: boolean }>(keys.chatTyping('b'))!.typing).toBe(true);
  });
});
