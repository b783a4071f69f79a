import { Button, Group, Modal, Select, Stack, Table, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { teamCreate, teamUpdate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { can, type Me, useMe } from '../auth/session';
import { AdminPage, FormProblem } from './AdminPage';
import { adminKeys, useSites, useTeams, useVendorNames, useVendors } from './queries';
import { orNull, useSchemaForm } from './use-schema-form';

type Team = NonNullable<ReturnType<typeof useTeams>['data']>[number];

export function TeamsPage() {
  const me = useMe().data;
  const teams = useTeams();
  const sites = useSites();
  const vendorName = useVendorNames();
  const siteName = (id: string | null) => sites.data?.find((s) => s.id === id)?.name ?? '—';
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const writable = me ? can(me, 'teams:write') : false;
  return (
    <AdminPage
      title="Teams"
      description="Groups of agents within a vendor, optionally at one site."
      actions={writable && <Button onClick={() => setEditing('new')}>New team</Button>}
    >
      <ListState noun="teams" query={teams}>
        <Table striped aria-label="Teams">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Site</Table.Th>
              {writable && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(teams.data ?? []).map((team) => (
              <Table.Tr key={team.id}>
                <Table.Td>{team.name}</Table.Td>
                <Table.Td>{vendorName(team.vendor_id)}</Table.Td>
                <Table.Td>{siteName(team.site_id)}</Table.Td>
                {writable && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setEditing(team)}
                      aria-label={`Edit ${team.name}`}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListState>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New team' : 'Edit team'}
      >
        {editing !== null && me && (
          <TeamForm me={me} team={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </AdminPage>
  );
}

function TeamForm({ me, team, onDone }: { me: Me; team: Team | null; onDone: () => void }) {
  const client = useQueryClient();
  const vendors = useVendors();
  const sites = useSites();
  const initialValues = {
    vendor_id: team?.vendor_id ?? me.vendorId ?? '',
    site_id: team?.site_id ?? '',
    name: team?.name ?? '',
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    ...(team ? {} : { vendor_id: v.vendor_id }),
    site_id: orNull(v.site_id),
    name: v.name,
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: team ? teamUpdate : teamCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = toBody(values) as never;
      return team
        ? unwrap(await api.PATCH('/api/v1/teams/{id}', { params: { path: { id: team.id } }, body }))
        : unwrap(await api.POST('/api/v1/teams', { body }));
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.teams });
      onDone();
    },
    onError: showProblem,
  });
  const vendorId = form.getValues().vendor_id;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        {!me.vendorId && (
          <Select
            label="Vendor"
            required
            disabled={team !== null}
            data={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
            {...form.getInputProps('vendor_id')}
          />
        )}
        <Select
          label="Site"
          clearable
          data={(sites.data ?? [])
            .filter((s) => s.vendor_id === vendorId)
            .map((s) => ({ value: s.id, label: s.name }))}
          {...form.getInputProps('site_id')}
        />
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save team
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
