import { Alert, Button, Group, Modal, Table } from '@mantine/core';
import { useState } from 'react';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { AdminPage } from '../admin/AdminPage';
import { can, useMe } from '../auth/session';
import { QueueForm } from './QueueForm';
import { type Queue, useQueues } from './queries';
import { RulesPanel } from './RulesPanel';
import { SharesEditor } from './SharesEditor';

/**
 * The brand's routing: queues, each queue's vendor shares (target beside actual), and the ordered
 * rules that file a contact into a queue, with a box to try them. Brand admins only
 * (`routing:manage`); the API enforces the same.
 */
export function RoutingPage() {
  const me = useMe().data;
  const allowed = me ? can(me, 'routing:manage') : false;
  const queues = useQueues();
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  if (me && !allowed)
    return (
      <AdminPage title="Routing" description="Queues, vendor shares and routing rules.">
        <Alert color="gray" role="status" data-testid="no-access">
          You don't have access to routing.
        </Alert>
      </AdminPage>
    );
  const shown = queues.data?.find((q) => q.id === selected) ?? null;
  return (
    <AdminPage
      title="Routing"
      description="Queues, how each queue's contacts are shared among vendors, and the rules that file a contact into a queue."
      actions={<Button onClick={() => setEditing('new')}>New queue</Button>}
    >
      <ListState noun="queues" query={queues}>
        <ScrollTable minWidth={560} label="Queues">
          <Table striped aria-label="Queues">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queue</Table.Th>
                <Table.Th>Waiting</Table.Th>
                <Table.Th>Overflow after</Table.Th>
                <Table.Th>Sticky days</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(queues.data ?? []).map((queue) => (
                <Table.Tr key={queue.id} data-testid="queue-row" data-queue={queue.id}>
                  <Table.Td>{queue.name}</Table.Td>
                  <Table.Td>{queue.waiting}</Table.Td>
                  <Table.Td>
                    {queue.overflow_after_seconds === null ? '—' : `${queue.overflow_after_seconds} s`}
                  </Table.Td>
                  <Table.Td>{queue.sticky_days}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setEditing(queue)}
                        aria-label={`Edit ${queue.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="xs"
                        variant={selected === queue.id ? 'filled' : 'default'}
                        onClick={() => setSelected(queue.id)}
                        aria-label={`Vendor shares: ${queue.name}`}
                      >
                        Vendor shares
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
      {shown && <SharesEditor key={shown.id} queue={shown} />}
      <RulesPanel queues={queues.data ?? []} />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New queue' : 'Edit queue'}
      >
        {editing !== null && (
          <QueueForm queue={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </AdminPage>
  );
}
