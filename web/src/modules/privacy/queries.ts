import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { keys } from '../realtime/cache-patch';

const maskingKey = ['privacy', 'masking'] as const;

/** Whether I see customer data masked, may reveal, and whom I revealed (docs/privacy.md#masking). */
export function useMasking() {
  return useQuery({
    queryKey: maskingKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/privacy/masking')),
    staleTime: 30_000,
  });
}

/** Reveal a ticket's customer; everything that shows the customer is read again, unmasked. */
export function useReveal(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (reason: string) =>
      unwrap(await api.POST('/api/v1/privacy/reveals', { body: { ticket_id: ticketId, reason } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: maskingKey });
      void client.invalidateQueries({ queryKey: keys.ticket(ticketId) });
      void client.invalidateQueries({ queryKey: keys.timeline(ticketId) });
      void client.invalidateQueries({ queryKey: keys.customerTickets });
      void client.invalidateQueries({ queryKey: keys.ticketLists });
    },
  });
}
