import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { AdminPage, FormProblem } from '../admin/AdminPage';
import { can, useMe } from '../auth/session';
import { formatMinutes } from './durations';
import { NoAccess } from './NoAccess';
import { METRIC_LABELS, PolicyForm } from './PolicyForm';
import { type Policy, serviceLevelKeys, usePolicies } from './queries';

const TITLE = 'SLA policies';
const DESCRIPTION =
  'The first active policy whose conditions match a ticket sets its targets: first reply, next reply, resolution and the rest, per priority.';

/** SLA policies in order with their targets in hours and minutes. Brand admins (`sla:manage`). */
export function SlaPoliciesPage() {
  const me = useMe().data;
  const allowed = me ? can(me, 'sla:manage') : false;
  const policies = usePolicies(allowed);
  const client = useQueryClient();
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Policy | null>(null);
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/sla-policies/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: serviceLevelKeys.policies });
      setDeleting(null);
    },
  });
  if (me && !allowed) return <NoAccess title={TITLE} description={DESCRIPTION} what="SLA policies" />;
  return (
    <AdminPage
      title={TITLE}
      description={DESCRIPTION}
      actions={<Button onClick={() => setEditing('new')}>New SLA policy</Button>}
    >
      <ListState noun="SLA policies" query={policies} allowed={me ? allowed : undefined}>
        <ScrollTable minWidth={640} label="SLA policies">
          <Table striped aria-label="SLA policies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Order</Table.Th>
                <Table.Th>Policy</Table.Th>
                <Table.Th>Targets</Table.Th>
                <Table.Th>Warn at</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(policies.data ?? []).map((policy) => (
                <Table.Tr key={policy.id} data-testid="policy-row" data-policy={policy.id}>
                  <Table.Td>{policy.position}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{policy.name}</Text>
                    {!policy.active && (
                      <Badge color="gray" variant="light">
                        inactive
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {policy.targets.map((t) => (
                      <Text size="sm" key={`${t.metric}-${t.priority}`} data-testid="policy-target">
                        {METRIC_LABELS[t.metric] ?? t.metric}, {t.priority}: {formatMinutes(t.minutes)}
                        {t.business ? ' (business hours)' : ''}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    {policy.warn_percent === null ? 'no warning' : `${policy.warn_percent} %`}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setEditing(policy)}
                        aria-label={`Edit ${policy.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        onClick={() => setDeleting(policy)}
                        aria-label={`Delete ${policy.name}`}
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New SLA policy' : 'Edit SLA policy'}
        size="xl"
      >
        {editing !== null && (
          <PolicyForm
            policy={editing === 'new' ? null : editing}
            nextPosition={Math.max(-1, ...(policies.data ?? []).map((p) => p.position)) + 1}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete SLA policy">
        {deleting && (
          <Stack>
            <Text>
              Delete <b>{deleting.name}</b>? New tickets are no longer matched against it.
            </Text>
            <FormProblem messages={remove.error ? [remove.error.message] : []} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(deleting.id)}>
                Delete policy
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </AdminPage>
  );
}
