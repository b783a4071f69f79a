import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { EmptyState } from '../../shared/ListState';
import { LoadError } from './AdminPage';
import { adminKeys } from './queries';

/** One webhook's delivery attempts, newest first, each redeliverable. */
export function DeliveryLog({ hookId }: { hookId: string }) {
  const client = useQueryClient();
  const key = [...adminKeys.webhooks, hookId, 'deliveries'];
  const deliveries = useQuery({
    queryKey: key,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id: hookId }, query: { limit: 100 } },
        }),
      ).items,
  });
  const redeliver = useMutation({
    mutationFn: async (deliveryId: string) =>
      unwrap(
        await api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
          params: { path: { id: hookId, deliveryId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  if (deliveries.data?.length === 0) return <EmptyState>No deliveries yet.</EmptyState>;
  return (
    <Stack>
      <LoadError error={deliveries.error ?? redeliver.error} />
      <Table striped aria-label="Deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Response</Table.Th>
            <Table.Th>Latency</Table.Th>
            <Table.Th>Next attempt</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(deliveries.data ?? []).map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{d.event_type}</Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={d.status === 'succeeded' ? 'teal' : d.status === 'failed' ? 'red' : 'yellow'}
                >
                  {d.status}
                </Badge>
                {d.last_error && (
                  <Text size="xs" c="dimmed">
                    {d.last_error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td>{d.response_status ?? '—'}</Table.Td>
              <Table.Td>{d.latency_ms === null ? '—' : `${d.latency_ms} ms`}</Table.Td>
              <Table.Td>{d.next_attempt_at ? new Date(d.next_attempt_at).toLocaleString() : '—'}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  loading={redeliver.isPending && redeliver.variables === d.id}
                  onClick={() => redeliver.mutate(d.id)}
                >
                  Redeliver
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
