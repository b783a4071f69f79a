import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { routingKeys, useQueues } from '../routing/queries';
import { shareVerdict } from './figures';

/**
 * Each routing queue's vendor shares: the target the brand set beside the share each vendor actually
 * received of the queue's latest contacts (the routing API's window). Vendor users see their own.
 */
export function SharesVsTarget() {
  const queues = useQueues();
  const allocations = useQueries({
    queries: (queues.data ?? []).map((q) => ({
      queryKey: routingKeys.allocations(q.id),
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/routing/queues/{id}/allocations', { params: { path: { id: q.id } } })),
    })),
  });
  const rows = (queues.data ?? []).flatMap((q, i) =>
    (allocations[i]?.data?.allocations ?? []).map((a) => ({
      queue: q.name,
      window: allocations[i]?.data?.window,
      ...a,
    })),
  );
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Shares against target
      </Title>
      <ListState
        noun="routing shares"
        query={{
          error: queues.error,
          isPending: queues.isPending || allocations.some((a) => a.isPending),
          data: rows,
        }}
        empty="No queue has vendor shares set."
      >
        <Text size="sm" c="dimmed">
          Actual shares cover each queue's latest allocated contacts; within 2 points counts as on target.
        </Text>
        <ScrollTable minWidth={560} label="Shares against target">
          <Table striped aria-label="Shares against target" data-testid="shares-vs-target">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queue</Table.Th>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Actual</Table.Th>
                <Table.Th>Verdict</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const verdict = shareVerdict(r.target_share, r.actual_share);
                return (
                  <Table.Tr key={`${r.queue}-${r.vendor_id}`} data-queue={r.queue} data-vendor={r.vendor_id}>
                    <Table.Td>{r.queue}</Table.Td>
                    <Table.Td>{r.vendor_name}</Table.Td>
                    <Table.Td>{r.target_share} %</Table.Td>
                    <Table.Td>
                      {r.actual_share === null ? '–' : `${r.actual_share.toFixed(1)} %`}
                      <Text span size="xs" c="dimmed">
                        {' '}
                        of {r.window_count.toLocaleString('en')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={verdict.color} variant="light">
                        {verdict.text}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
    </Stack>
  );
}
