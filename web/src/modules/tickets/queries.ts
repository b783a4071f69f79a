import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import type { InboxSearch } from './inbox-search';

type ListQuery = NonNullable<paths['/api/v1/tickets']['get']['parameters']['query']>;
export type TicketRow =
  paths['/api/v1/tickets']['get']['responses'][200]['content']['application/json']['items'][number];
export type TicketDetail =
  paths['/api/v1/tickets/{id}']['get']['responses'][200]['content']['application/json'];
export type Message =
  paths['/api/v1/tickets/{id}/messages']['get']['responses'][200]['content']['application/json']['items'][number];
export type TicketEvent =
  paths['/api/v1/tickets/{id}/events']['get']['responses'][200]['content']['application/json']['items'][number];

/** Query keys in one place, so the realtime feed invalidates exactly what an event touches. */
export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => ['tickets', 'list'] as const,
  list: (search: InboxSearch, userId: string) => ['tickets', 'list', search, userId] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  messages: (id: string) => ['tickets', 'messages', id] as const,
  events: (id: string) => ['tickets', 'events', id] as const,
  timeline: (id: string) => ['tickets', 'timeline', id] as const,
};

const PAGE_SIZE = 50;

/** The API's list parameters for an inbox view (view=mine also names the agent for older servers). */
export function listParams(search: InboxSearch, userId: string, cursor?: string) {
  const query: ListQuery & Record<string, string | number | undefined> = {
    limit: PAGE_SIZE,
    view: search.view ?? 'mine',
    q: search.q,
    status: search.status,
    channel: search.channel,
    priority: search.priority,
    language: search.language,
    tag: search.tag,
    queue: search.queue,
    sort: search.sort ?? '-updated_at',
    agent_id: (search.view ?? 'mine') === 'mine' ? userId : undefined,
    cursor,
  };
  return query;
}

/** Keyset pages of the inbox: each page's nextCursor asks for the next. */
export function useTicketList(search: InboxSearch, userId: string) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(search, userId),
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/tickets', { params: { query: listParams(search, userId, pageParam) } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets/{id}', { params: { path: { id } } })),
  });
}

export function useMessages(id: string, enabled = true) {
  return useQuery({
    queryKey: ticketKeys.messages(id),
    enabled,
    queryFn: async () => {
      const items: Message[] = [];
      let cursor: string | undefined;
      // A ticket's conversation is read whole: the timeline shows all of it.
      do {
        const page = unwrap(
          await api.GET('/api/v1/tickets/{id}/messages', {
            params: { path: { id }, query: { limit: 200, cursor } },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < 2000);
      return items;
    },
  });
}

export function useTicketEvents(id: string, enabled = true) {
  return useQuery({
    queryKey: ticketKeys.events(id),
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/tickets/{id}/events', { params: { path: { id }, query: { limit: 200 } } }),
      ).items,
  });
}
