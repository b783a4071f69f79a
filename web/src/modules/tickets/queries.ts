import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import type { Ok } from '../../api/types';
import { keys } from '../realtime/cache-patch';
import type { InboxSearch } from './inbox-search';

type ListQuery = NonNullable<paths['/api/v1/tickets']['get']['parameters']['query']>;
export type TicketRow = Ok<'/api/v1/tickets', 'get'>['items'][number];
export type TicketDetail = Ok<'/api/v1/tickets/{id}', 'get'>;
export type TimelineItem = Ok<'/api/v1/tickets/{id}/timeline', 'get'>['items'][number];
export type Activity = Ok<'/api/v1/tickets/{id}/activity', 'get'>['items'][number];
export type Macro = Ok<'/api/v1/macros', 'get'>['items'][number];
export type TicketPatch = NonNullable<
  paths['/api/v1/tickets/{id}']['patch']['requestBody']
>['content']['application/json'];

/** Query keys in one place (shared with the realtime cache patcher), so events hit what they touch. */
export const ticketKeys = {
  lists: () => keys.ticketLists,
  list: (search: InboxSearch) => [...keys.ticketLists, search] as const,
  detail: keys.ticket,
  timeline: keys.timeline,
  activity: keys.activity,
  customerTickets: (customerId: string) => [...keys.customerTickets, customerId] as const,
};

const PAGE_SIZE = 50;

/** The API's list parameters for an inbox view. */
export function listParams(search: InboxSearch, cursor?: string): ListQuery {
  return {
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
    cursor,
  };
}

/** Keyset pages of the inbox: each page's nextCursor asks for the next. */
export function ticketListOptions(search: InboxSearch) {
  return infiniteQueryOptions({
    queryKey: ticketKeys.list(search),
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/tickets', { params: { query: listParams(search, pageParam) } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTicketList(search: InboxSearch) {
  return useInfiniteQuery({ ...ticketListOptions(search), placeholderData: keepPreviousData });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets/{id}', { params: { path: { id } } })),
  });
}

/** Every channel's messages, calls, notes and history of a ticket, oldest first, read whole. */
export function useTimeline(id: string, enabled = true) {
  return useQuery({
    queryKey: ticketKeys.timeline(id),
    enabled,
    queryFn: async () => {
      const items: TimelineItem[] = [];
      let cursor: string | undefined;
      do {
        const page = unwrap(
          await api.GET('/api/v1/tickets/{id}/timeline', {
            params: { path: { id }, query: { limit: 500, cursor } },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < 5000);
      return items;
    },
  });
}

export function useActivity(id: string) {
  return useQuery({
    queryKey: ticketKeys.activity(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tickets/{id}/activity', { params: { path: { id } } })).items,
    refetchInterval: 20_000,
  });
}

export function useCustomerTickets(customerId: string) {
  return useQuery({
    queryKey: ticketKeys.customerTickets(customerId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/customers/{id}/tickets', {
          params: { path: { id: customerId }, query: { limit: 20 } },
        }),
      ).items,
  });
}

export function useMacros(language: string | null) {
  return useQuery({
    queryKey: ['macros', language ?? ''],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/macros', { params: { query: language ? { language } : {} } })).items,
    staleTime: 5 * 60_000,
  });
}

/** Agents and teams one may assign to (a vendor user sees only its vendor's). */
export function useAssignees(vendorId: string | null) {
  return useQuery({
    queryKey: ['assignees', vendorId ?? ''],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const vendor = vendorId ? { vendor_id: vendorId } : {};
      const [users, teams] = await Promise.all([
        api
          .GET('/api/v1/users', { params: { query: { limit: 200, active: 'true', ...vendor } } })
          .then(unwrap),
        api.GET('/api/v1/teams', { params: { query: { limit: 200, ...vendor } } }).then(unwrap),
      ]);
      return {
        agents: users.items.filter((u) => u.role === 'agent' || u.role === 'team_lead'),
        teams: teams.items,
      };
    },
  });
}

export function useUpdateTicket(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (patch: TicketPatch) =>
      unwrap(await api.PATCH('/api/v1/tickets/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: (ticket) => {
      client.setQueryData<TicketDetail>(ticketKeys.detail(id), (old) => (old ? { ...old, ...ticket } : old));
      void client.invalidateQueries({ queryKey: ticketKeys.detail(id) });
      void client.invalidateQueries({ queryKey: ticketKeys.timeline(id) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}

export function useSendMessage(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { body_text: string; visibility: 'public' | 'internal' }) =>
      unwrap(await api.POST('/api/v1/tickets/{id}/messages', { params: { path: { id } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ticketKeys.timeline(id) });
      void client.invalidateQueries({ queryKey: ticketKeys.detail(id) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}

export async function renderMacro(ticketId: string, macroId: string): Promise<string> {
  return unwrap(
    await api.POST('/api/v1/tickets/{id}/macros/{macroId}/render', {
      params: { path: { id: ticketId, macroId } },
    }),
  ).body;
}

export async function postActivity(ticketId: string, state: 'viewing' | 'typing' | 'left') {
  return unwrap(
    await api.POST('/api/v1/tickets/{id}/activity', { params: { path: { id: ticketId } }, body: { state } }),
  ).items;
}

/** Every routing decision on the ticket, newest first; refetched when the ticket changes. */
export function useRoutingDecisions(id: string, version: string) {
  return useQuery({
    queryKey: ['tickets', 'routing', id, version],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tickets/{id}/routing-decisions', { params: { path: { id } } })).items,
  });
}

/** The ticket's SLA timers as the server evaluates them now; refetched when the ticket changes. */
export function useTicketSla(id: string, version: string) {
  return useQuery({
    queryKey: ['tickets', 'sla', id, version],
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets/{id}/sla', { params: { path: { id } } })),
    refetchInterval: 60_000,
  });
}
