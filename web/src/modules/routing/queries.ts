import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export const routingKeys = {
  queues: ['routing', 'queues'] as const,
  rules: ['routing', 'rules'] as const,
  allocations: (queueId: string) => ['routing', 'allocations', queueId] as const,
};

export const useQueues = () =>
  useQuery({
    queryKey: routingKeys.queues,
    queryFn: async () => unwrap(await api.GET('/api/v1/routing/queues')).items,
  });

export const useRules = () =>
  useQuery({
    queryKey: routingKeys.rules,
    queryFn: async () => unwrap(await api.GET('/api/v1/routing/rules')).items,
  });

export const useAllocations = (queueId: string) =>
  useQuery({
    queryKey: routingKeys.allocations(queueId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/routing/queues/{id}/allocations', { params: { path: { id: queueId } } })),
  });

export type Queue = NonNullable<ReturnType<typeof useQueues>['data']>[number];
export type Rule = NonNullable<ReturnType<typeof useRules>['data']>[number];
