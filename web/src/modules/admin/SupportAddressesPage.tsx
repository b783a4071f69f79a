import { Badge, Button, Group, Modal, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { supportAddressCreate, supportAddressUpdate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { useCan } from '../auth/session';
import { AdminPage, FormProblem } from './AdminPage';
import { adminKeys, useVendorNames, useVendors } from './queries';
import { orNull, useSchemaForm } from './use-schema-form';

type Address = {
  id: string;
  address: string;
  name: string;
  queue: string | null;
  language: string | null;
  vendor_id: string | null;
  active: boolean;
};

/** Brand admins only (channels:manage): the addresses whose mail becomes tickets. */
export function SupportAddressesPage() {
  const client = useQueryClient();
  const vendorName = useVendorNames();
  // Without channels:manage the list is forbidden: say so instead of asking (and showing an empty table).
  const allowed = useCan('channels:manage');
  const addresses = useQuery({
    enabled: allowed,
    queryKey: adminKeys.addresses,
    queryFn: async () => unwrap(await api.GET('/api/v1/support-addresses')).items,
  });
  const [editing, setEditing] = useState<Address | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Address | null>(null);
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/support-addresses/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.addresses });
      setDeleting(null);
    },
  });
  return (
    <AdminPage
      title="Support addresses"
      description="Mail to these addresses becomes tickets, with the queue, language and vendor given here."
      actions={allowed && <Button onClick={() => setEditing('new')}>New address</Button>}
    >
      <ListState noun="support addresses" query={addresses} allowed={allowed}>
        <Table striped aria-label="Support addresses">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Address</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Queue</Table.Th>
              <Table.Th>Language</Table.Th>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Active</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(addresses.data ?? []).map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.address}</Table.Td>
                <Table.Td>{a.name}</Table.Td>
                <Table.Td>{a.queue ?? '—'}</Table.Td>
                <Table.Td>{a.language ?? '—'}</Table.Td>
                <Table.Td>{a.vendor_id ? vendorName(a.vendor_id) : 'Routing decides'}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={a.active ? 'teal' : 'gray'}>
                    {a.active ? 'active' : 'inactive'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setEditing(a)}
                      aria-label={`Edit ${a.address}`}
                    >
                      Edit
                    </Button>
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      onClick={() => setDeleting(a)}
                      aria-label={`Delete ${a.address}`}
                    >
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListState>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New address' : 'Edit address'}
      >
        {editing !== null && (
          <AddressForm address={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete address">
        {deleting && (
          <Stack>
            <Text>
              Delete <b>{deleting.address}</b>? Mail to it is refused from then on.
            </Text>
            <FormProblem messages={remove.error ? [remove.error.message] : []} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(deleting.id)}>
                Delete address
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </AdminPage>
  );
}

function AddressForm({ address, onDone }: { address: Address | null; onDone: () => void }) {
  const client = useQueryClient();
  const vendors = useVendors();
  const initialValues = {
    address: address?.address ?? '',
    name: address?.name ?? '',
    queue: address?.queue ?? '',
    language: address?.language ?? '',
    vendor_id: address?.vendor_id ?? '',
    active: address?.active ?? true,
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    ...(address ? {} : { address: v.address }),
    name: v.name,
    queue: orNull(v.queue),
    language: orNull(v.language),
    vendor_id: orNull(v.vendor_id),
    active: v.active,
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: address ? supportAddressUpdate : supportAddressCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = toBody(values) as never;
      return address
        ? unwrap(
            await api.PATCH('/api/v1/support-addresses/{id}', { params: { path: { id: address.id } }, body }),
          )
        : unwrap(await api.POST('/api/v1/support-addresses', { body }));
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.addresses });
      onDone();
    },
    onError: showProblem,
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput
          label="Address"
          type="email"
          required
          disabled={address !== null}
          {...form.getInputProps('address')}
        />
        <TextInput label="Name shown to agents" {...form.getInputProps('name')} {...counted('name')} />
        <TextInput label="Queue" {...form.getInputProps('queue')} />
        <TextInput label="Language" description="e.g. en, pt-BR" {...form.getInputProps('language')} />
        <Select
          label="Vendor"
          clearable
          data={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
          {...form.getInputProps('vendor_id')}
        />
        <Switch label="Active (accepts mail)" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save address
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
