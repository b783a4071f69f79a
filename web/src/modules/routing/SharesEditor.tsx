import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { allocationsBody } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { FormProblem } from '../admin/AdminPage';
import { useVendors } from '../admin/queries';
import { useSchemaForm } from '../admin/use-schema-form';
import { type Queue, routingKeys, useAllocations } from './queries';
import { sharesProblem, sharesTotal } from './shares';

interface Row {
  vendor_id: string;
  share: number | string;
}

/**
 * A queue's target share per vendor, editable, beside the share each actually received over the
 * latest allocated contacts (the API's window). Saved with one PUT; applies from the next contact.
 */
export function SharesEditor({ queue }: { queue: Queue }) {
  const allocations = useAllocations(queue.id);
  const rows = allocations.data?.allocations;
  return (
    <Paper withBorder p="md" component="section" aria-label={`Vendor shares: ${queue.name}`}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Vendor shares: {queue.name}
        </Title>
        <ListState
          noun="vendor shares"
          query={{ ...allocations, data: rows }}
          empty="No vendor takes this queue's contacts yet: add one below."
        >
          {null}
        </ListState>
        {allocations.data && <SharesForm queue={queue} data={allocations.data} />}
      </Stack>
    </Paper>
  );
}

type Allocations = NonNullable<ReturnType<typeof useAllocations>['data']>;

function SharesForm({ queue, data }: { queue: Queue; data: Allocations }) {
  const client = useQueryClient();
  const vendors = useVendors();
  const toBody = (v: { allocations: Row[] }) => ({
    allocations: v.allocations.map((r) => ({
      vendor_id: r.vendor_id,
      share: typeof r.share === 'number' ? r.share : Number.NaN,
    })),
  });
  const { form, formError, showProblem } = useSchemaForm({
    schema: allocationsBody,
    initialValues: {
      allocations: data.allocations.map((a) => ({ vendor_id: a.vendor_id, share: a.target_share })) as Row[],
    },
    toBody,
  });
  const [adding, setAdding] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async (values: { allocations: Row[] }) =>
      unwrap(
        await api.PUT('/api/v1/routing/queues/{id}/allocations', {
          params: { path: { id: queue.id } },
          body: toBody(values),
        }),
      ),
    onSuccess: (saved) => client.setQueryData(routingKeys.allocations(queue.id), saved),
    onError: showProblem,
  });
  // Figures refreshed from the server (the actual shares move with every contact) keep the edits.
  const actual = new Map(data.allocations.map((a) => [a.vendor_id, a]));
  const name = (id: string) =>
    actual.get(id)?.vendor_name ?? vendors.data?.find((v) => v.id === id)?.name ?? 'Unknown vendor';
  const values = form.getValues().allocations;
  const problem = sharesProblem(values.map((r) => r.share));
  const listed = new Set(values.map((r) => r.vendor_id));
  return (
    <form aria-label="Vendor shares" noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <ScrollTable minWidth={480} label="Target and actual shares">
          <Table aria-label="Target and actual shares">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Target share (%)</Table.Th>
                <Table.Th>
                  Actual share (last {data.window} {data.window === 1 ? 'contact' : 'contacts'})
                </Table.Th>
                <Table.Th>Remove</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {values.map((row, i) => {
                const figures = actual.get(row.vendor_id);
                return (
                  <Table.Tr key={row.vendor_id} data-testid="share-row" data-vendor={row.vendor_id}>
                    <Table.Td>{name(row.vendor_id)}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Target share: ${name(row.vendor_id)}`}
                        min={0}
                        max={100}
                        w={120}
                        {...form.getInputProps(`allocations.${i}.share`)}
                      />
                    </Table.Td>
                    <Table.Td data-testid="actual-share">
                      {figures?.actual_share == null ? '—' : `${figures.actual_share} %`}
                      {figures && (
                        <Text span c="dimmed" size="xs">
                          {' '}
                          ({figures.window_count} of {data.window})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${name(row.vendor_id)}`}
                        onClick={() => form.removeListItem('allocations', i)}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        <Text size="sm" role="status" c={problem ? 'red' : 'dimmed'} data-testid="shares-total">
          {problem ?? `Total ${sharesTotal(values.map((r) => r.share))} %`}
        </Text>
        {!problem && form.errors.allocations && <FormProblem messages={[String(form.errors.allocations)]} />}
        <Group align="flex-end">
          <Select
            label="Add a vendor"
            placeholder="Vendor"
            value={adding}
            onChange={setAdding}
            data={(vendors.data ?? [])
              .filter((v) => !listed.has(v.id))
              .map((v) => ({ value: v.id, label: v.name }))}
          />
          <Button
            variant="default"
            disabled={!adding}
            onClick={() => {
              if (adding) form.insertListItem('allocations', { vendor_id: adding, share: 0 });
              setAdding(null);
            }}
          >
            Add vendor
          </Button>
          <Button type="submit" loading={save.isPending} ml="auto">
            Save shares
          </Button>
        </Group>
        {save.isSuccess && (
          <Text size="sm" c="dimmed" role="status">
            Saved; the new shares apply from the next contact.
          </Text>
        )}
      </Stack>
    </form>
  );
}
