import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Ok } from '../../api/types';
import { keys } from '../realtime/cache-patch';

export type AgentChat = Ok<'/api/v1/chats', 'get'>['items'][number];

export const chatKeys = {
  list: (state: 'waiting' | 'active') => [...keys.chats, state] as const,
  typing: keys.chatTyping,
};

/** Waiting chats (anyone may take them) and my active ones; the realtime feed invalidates both. */
export function useChats(state: 'waiting' | 'active') {
  return useQuery({
    queryKey: chatKeys.list(state),
    queryFn: async () => unwrap(await api.GET('/api/v1/chats', { params: { query: { state } } })).items,
    // A safety net under the realtime feed: chats are time-critical.
    refetchInterval: 15_000,
  });
}

export function useAcceptChat() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ticketId: string) =>
      unwrap(await api.POST('/api/v1/chats/{ticketId}/accept', { params: { path: { ticketId } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.chats }),
  });
}

export function useEndChat() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ticketId: string) =>
      unwrap(await api.POST('/api/v1/chats/{ticketId}/end', { params: { path: { ticketId } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.chats }),
  });
}

export async function sendAgentTyping(ticketId: string, typing: boolean) {
  await api.POST('/api/v1/chats/{ticketId}/typing', { params: { path: { ticketId } }, body: { typing } });
}

/** The visitor's typing state, set by realtime `chat.visitor_typing` signals; stale after 6 s. */
export function useVisitorTyping(ticketId: string): boolean {
  const { data } = useQuery<{ typing: boolean; at: number } | null>({
    queryKey: chatKeys.typing(ticketId),
    queryFn: () => null,
    enabled: false,
    initialData: null,
  });
  const { data: now } = useQuery({ queryKey: ['clock'], queryFn: () => Date.now(), refetchInterval: 2000 });
  return Boolean(data?.typing && (now ?? Date.now()) - data.at < 6000);
}
