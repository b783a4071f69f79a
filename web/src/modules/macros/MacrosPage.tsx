import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { AdminPage, FormProblem } from '../admin/AdminPage';
import { useVendorNames } from '../admin/queries';
import { can, useMe } from '../auth/session';
import { NoAccess } from '../service-levels/NoAccess';
import { MacroForm } from './MacroForm';
import { audience, byStatus, type MacroStatus, macroStatus, mayChange, STATUS_LABELS } from './macro-status';
import { type Macro, macroKeys, useMacros } from './queries';

const TITLE = 'Macros';
const DESCRIPTION =
  'Canned answers agents insert into replies. Vendors propose their own; a brand admin approves them before agents can use them.';

/**
 * The macros the API shows the caller (brand users: all; vendor users: the brand's approved ones and
 * their vendor's own), with language and status filters. Approve only with `macros:approve`.
 */
export function MacrosPage() {
  const me = useMe().data;
  const allowed = me ? can(me, 'macros:write') : false;
  const approver = me ? can(me, 'macros:approve') : false;
  const [language, setLanguage] = useState('');
  const [status, setStatus] = useState<'' | MacroStatus>('');
  const macros = useMacros(/^[a-z]{2,3}(-[A-Z]{2})?$/.test(language) ? language : '', allowed);
  const vendorName = useVendorNames();
  const client = useQueryClient();
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Macro | null>(null);
  const approve = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/macros/{id}/approve', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: macroKeys.all }),
  });
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/macros/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: macroKeys.all });
      setDeleting(null);
    },
  });
  if (me && !allowed) return <NoAccess title={TITLE} description={DESCRIPTION} what="macros" />;
  const rows = byStatus(macros.data ?? [], status);
  return (
    <AdminPage
      title={TITLE}
      description={DESCRIPTION}
      actions={
        <Button onClick={() => setEditing('new')}>{me?.vendorId ? 'Propose macro' : 'New macro'}</Button>
      }
    >
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Language"
          placeholder="all"
          description='A code such as "en" or "pt-BR"'
          maw={200}
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value.trim())}
        />
        <NativeSelect
          label="Status"
          description="Proposals wait for a brand admin"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as '' | MacroStatus)}
          data={[
            { value: '', label: 'All' },
            ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })),
          ]}
        />
      </Group>
      <FormProblem messages={approve.error ? [approve.error.message] : []} />
      <ListState
        noun="macros"
        query={{ ...macros, data: macros.data ? rows : undefined }}
        empty={macros.data?.length ? 'No macro matches these filters.' : 'No macros yet.'}
      >
        <ScrollTable minWidth={640} label="Macros">
          <Table striped aria-label="Macros">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Macro</Table.Th>
                <Table.Th>Language</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Who may use it</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((macro) => (
                <Table.Tr key={macro.id} data-testid="macro-row" data-macro={macro.id}>
                  <Table.Td>
                    <Text size="sm">{macro.name}</Text>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {macro.body}
                    </Text>
                  </Table.Td>
                  <Table.Td>{macro.language}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={macro.approved ? 'green' : 'yellow'}
                      data-testid="macro-status"
                    >
                      {STATUS_LABELS[macroStatus(macro)]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{audience(macro, (id) => vendorName(id))}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {approver && !macro.approved && (
                        <Button
                          size="xs"
                          loading={approve.isPending && approve.variables === macro.id}
                          onClick={() => approve.mutate(macro.id)}
                          aria-label={`Approve ${macro.name}`}
                        >
                          Approve
                        </Button>
                      )}
                      {me && mayChange(me, macro) && (
                        <>
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setEditing(macro)}
                            aria-label={`Edit ${macro.name}`}
                          >
                            Edit
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            color="red"
                            onClick={() => setDeleting(macro)}
                            aria-label={`Delete ${macro.name}`}
                          >
                            Delete
                          </Button>
                        </>
                      )}
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
        title={editing === 'new' ? (me?.vendorId ? 'Propose a macro' : 'New macro') : 'Edit macro'}
        size="lg"
      >
        {editing !== null && (
          <MacroForm
            macro={editing === 'new' ? null : editing}
            brand={me?.vendorId === null}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete macro">
        {deleting && (
          <Stack>
            <Text>
              Delete <b>{deleting.name}</b>? Agents can no longer insert it.
            </Text>
            <FormProblem messages={remove.error ? [remove.error.message] : []} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(deleting.id)}>
                Delete macro
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </AdminPage>
  );
}
