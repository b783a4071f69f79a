import {
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { assignableRoles, userCreate, userUpdate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { can, type Me, ROLE_LABELS, useMe } from '../auth/session';
import { ResetMfa } from '../security/ResetMfa';
import { UserSessions } from '../security/UserSessions';
import { AdminPage, FormProblem, LoadError } from './AdminPage';
import { AgentProfile } from './AgentProfile';
import { adminKeys, useSites, useTeams, useUsers, useVendorNames, useVendors } from './queries';
import { orNull, useSchemaForm } from './use-schema-form';

type User = NonNullable<ReturnType<typeof useUsers>['data']>[number];
type Role = User['role'];
const BRAND_ROLES: Role[] = ['brand_admin', 'brand_analyst', 'auditor'];

export function UsersPage() {
  const me = useMe().data;
  const users = useUsers();
  const vendorName = useVendorNames();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const writable = me ? can(me, 'users:write') : false;
  return (
    <AdminPage
      title="Users and agents"
      description="Everyone who signs in: role, vendor, site, team; agents' skills, languages and capacities."
      actions={writable && <Button onClick={() => setEditing('new')}>New user</Button>}
    >
      <ListState noun="users" query={users}>
        <Table striped aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Languages</Table.Th>
              <Table.Th>Active</Table.Th>
              {writable && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id} data-testid="user-row">
                <Table.Td>{u.display_name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{ROLE_LABELS[u.role]}</Table.Td>
                <Table.Td>{vendorName(u.vendor_id)}</Table.Td>
                <Table.Td>{u.languages.join(', ')}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={u.active ? 'teal' : 'gray'}>
                    {u.active ? 'active' : 'deactivated'}
                  </Badge>
                </Table.Td>
                {writable && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setEditing(u)}
                      aria-label={`Edit ${u.display_name}`}
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
        size="lg"
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New user' : 'Edit user'}
      >
        {editing !== null && me && (
          <Stack gap="lg">
            <UserForm me={me} user={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
            {editing !== 'new' && <AgentProfileLoader userId={editing.id} />}
            {editing !== 'new' && <ResetMfa userId={editing.id} name={editing.display_name} />}
            {editing !== 'new' && <UserSessions userId={editing.id} name={editing.display_name} />}
          </Stack>
        )}
      </Modal>
    </AdminPage>
  );
}

function AgentProfileLoader({ userId }: { userId: string }) {
  const profile = useQuery({
    queryKey: [...adminKeys.users, userId],
    queryFn: async () => unwrap(await api.GET('/api/v1/users/{id}', { params: { path: { id: userId } } })),
  });
  if (!profile.data) return <LoadError error={profile.error} />;
  return <AgentProfile profile={profile.data} />;
}

function UserForm({ me, user, onDone }: { me: Me; user: User | null; onDone: () => void }) {
  const client = useQueryClient();
  const vendors = useVendors();
  const sites = useSites();
  const teams = useTeams();
  const roles = assignableRoles(me.role);
  const initialValues = {
    email: user?.email ?? '',
    display_name: user?.display_name ?? '',
    password: '',
    role: user?.role ?? ('agent' as Role),
    vendor_id: user?.vendor_id ?? me.vendorId ?? '',
    site_id: user?.site_id ?? '',
    team_id: user?.team_id ?? '',
    languages: user?.languages ?? [],
    active: user?.active ?? true,
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => {
    const placement = { site_id: orNull(v.site_id), team_id: orNull(v.team_id), languages: v.languages };
    if (user) return { display_name: v.display_name, role: v.role, active: v.active, ...placement };
    return {
      email: v.email,
      display_name: v.display_name,
      ...(v.password ? { password: v.password } : {}),
      role: v.role,
      vendor_id: BRAND_ROLES.includes(v.role) ? null : orNull(v.vendor_id),
      ...placement,
    };
  };
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: user ? userUpdate : userCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = toBody(values) as never;
      return user
        ? unwrap(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }))
        : unwrap(await api.POST('/api/v1/users', { body }));
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.users });
      onDone();
    },
    onError: showProblem,
  });
  const values = form.getValues();
  const vendorId = BRAND_ROLES.includes(values.role) ? null : values.vendor_id || null;
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate aria-label="User">
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput
          label="Email"
          type="email"
          required
          disabled={user !== null}
          {...form.getInputProps('email')}
        />
        <TextInput
          label="Display name"
          required
          {...form.getInputProps('display_name')}
          {...counted('display_name')}
        />
        {!user && (
          <TextInput
            label="Password"
            type="password"
            description="At least 12 characters; leave empty to set one later"
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
        )}
        <Select
          label="Role"
          required
          allowDeselect={false}
          data={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          {...form.getInputProps('role')}
        />
        {!me.vendorId && !BRAND_ROLES.includes(values.role) && (
          <Select
            label="Vendor"
            disabled={user !== null}
            clearable
            data={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
            {...form.getInputProps('vendor_id')}
          />
        )}
        <Group grow>
          <Select
            label="Site"
            clearable
            data={(sites.data ?? [])
              .filter((s) => s.vendor_id === vendorId)
              .map((s) => ({ value: s.id, label: s.name }))}
            {...form.getInputProps('site_id')}
          />
          <Select
            label="Team"
            clearable
            data={(teams.data ?? [])
              .filter((t) => t.vendor_id === vendorId)
              .map((t) => ({ value: t.id, label: t.name }))}
            {...form.getInputProps('team_id')}
          />
        </Group>
        <TagsInput label="Languages" description="e.g. en, es, pt-BR" {...form.getInputProps('languages')} />
        {user && (
          <Switch label="Active (may sign in)" {...form.getInputProps('active', { type: 'checkbox' })} />
        )}
        {user && user.id === me.userId && (
          <Text size="xs" c="dimmed">
            This is you.
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
