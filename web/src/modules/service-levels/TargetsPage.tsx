import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { AdminPage, FormProblem } from '../admin/AdminPage';
import { useVendors } from '../admin/queries';
import { can, useMe } from '../auth/session';
import { contractVerdict } from '../governance/figures';
import { formatSeconds } from './durations';
import { NoAccess } from './NoAccess';
import { type ServiceLevelTarget, serviceLevelKeys, useAttainment, useTargets, utcMonth } from './queries';
import { MEASURE_LABELS, TargetForm } from './TargetForm';

const TITLE = 'Contract service-level targets';
const DESCRIPTION =
  'What each vendor’s contract promises, e.g. 80 % of chats answered within 30 s, beside what it delivered this month.';

/** Contract targets per vendor with this month's attainment. Brand admins (`sla:manage`). */
export function TargetsPage() {
  const me = useMe().data;
  const allowed = me ? can(me, 'sla:manage') : false;
  const month = utcMonth();
  const targets = useTargets(allowed);
  const attainment = useAttainment(month, allowed);
  const vendors = useVendors(allowed);
  const vendorNames = new Map((vendors.data ?? []).map((v) => [v.id, v.name]));
  const client = useQueryClient();
  const [vendorId, setVendorId] = useState('');
  const [editing, setEditing] = useState<ServiceLevelTarget | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ServiceLevelTarget | null>(null);
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/service-level-targets/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      // A new or changed target changes the month's attainment rows too.
      await client.invalidateQueries({ queryKey: serviceLevelKeys.targets });
      await client.invalidateQueries({ queryKey: serviceLevelKeys.attainments });
      setDeleting(null);
    },
  });
  if (me && !allowed)
    return <NoAccess title={TITLE} description={DESCRIPTION} what="contract service-level targets" />;
  const rows = (targets.data ?? []).filter((t) => !vendorId || t.vendor_id === vendorId);
  const attained = (target: ServiceLevelTarget) =>
    attainment.data?.find((row) => row.target.id === target.id && row.site_id === target.site_id);
  return (
    <AdminPage
      title={TITLE}
      description={DESCRIPTION}
      actions={<Button onClick={() => setEditing('new')}>New target</Button>}
    >
      <NativeSelect
        label="Vendor"
        maw={320}
        value={vendorId}
        onChange={(e) => setVendorId(e.currentTarget.value)}
        data={[
          { value: '', label: 'All vendors' },
          ...(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name })),
        ]}
      />
      <ListState noun="contract targets" query={{ ...targets, data: targets.data ? rows : undefined }}>
        <ScrollTable minWidth={760} label="Contract service-level targets">
          <Table striped aria-label="Contract service-level targets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Promise</Table.Th>
                <Table.Th>{month} (UTC)</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((target) => {
                const row = attained(target);
                const verdict = row ? contractVerdict(row.target_percent, row.actual_percent) : null;
                return (
                  <Table.Tr key={target.id} data-testid="target-row" data-target={target.id}>
                    <Table.Td>{vendorNames.get(target.vendor_id) ?? 'Vendor'}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{target.name}</Text>
                      <Text size="xs" c="dimmed">
                        {[
                          target.channel,
                          target.queue && `queue ${target.queue}`,
                          `variant ${target.variant}`,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                        {target.active ? '' : ' · inactive'}
                      </Text>
                    </Table.Td>
                    <Table.Td data-testid="target-promise">
                      {target.target_percent} % {MEASURE_LABELS[target.measure]} within{' '}
                      {formatSeconds(target.threshold_seconds)}
                      {target.business ? ' (business hours)' : ''}
                    </Table.Td>
                    <Table.Td>
                      {verdict && row ? (
                        <Stack gap={2}>
                          <Badge color={verdict.color} variant="light" data-testid="verdict">
                            {verdict.text}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {row.actual_percent === null
                              ? 'no contacts counted'
                              : `${row.actual_percent.toFixed(1)} % of ${row.contacts_counted.toLocaleString('en')} contacts`}
                          </Text>
                        </Stack>
                      ) : (
                        '–'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing(target)}
                          aria-label={`Edit ${target.name}`}
                        >
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          onClick={() => setDeleting(target)}
                          aria-label={`Delete ${target.name}`}
                        >
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New contract target' : 'Edit contract target'}
        size="lg"
      >
        {editing !== null && (
          <TargetForm
            target={editing === 'new' ? null : editing}
            vendors={vendors.data ?? []}
            vendorId={vendorId}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete contract target">
        {deleting && (
          <Stack>
            <Text>
              Delete <b>{deleting.name}</b>? Its attainment is no longer reported.
            </Text>
            <FormProblem messages={remove.error ? [remove.error.message] : []} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(deleting.id)}>
                Delete target
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </AdminPage>
  );
}
