import { Badge, Button, Group, Modal, Select, Stack, Table, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { VENDOR_KINDS, VENDOR_STATUSES, vendorCreate, vendorUpdate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { can, useMe } from '../auth/session';
import { ScimTokens } from '../security/ScimTokens';
import { AdminPage, FormProblem } from './AdminPage';
import { OffboardVendor } from './OffboardVendor';
import { adminKeys, useVendors } from './queries';
import { orNull, useSchemaForm } from './use-schema-form';

type Vendor = NonNullable<ReturnType<typeof useVendors>['data']>[number];

export function VendorsPage() {
  const me = useMe().data;
  const vendors = useVendors();
  const [editing, setEditing] = useState<Vendor | 'new' | null>(null);
  const writable = me ? can(me, 'vendors:write') : false;
  // SCIM tokens need users:write (a brand admin, or the vendor's own admin for their vendor).
  const provisions = me ? can(me, 'users:write') : false;
  const [scimFor, setScimFor] = useState<Vendor | null>(null);
  return (
    <AdminPage
      title="Vendors"
      description="The brand's in-house team and its outsourced partners, with their contracts."
      actions={writable && <Button onClick={() => setEditing('new')}>New vendor</Button>}
    >
      <ListState noun="vendors" query={vendors}>
        <Table striped highlightOnHover aria-label="Vendors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Contract</Table.Th>
              {(writable || provisions) && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(vendors.data ?? []).map((v) => (
              <Table.Tr key={v.id} data-testid="vendor-row">
                <Table.Td>{v.name}</Table.Td>
                <Table.Td>{v.kind === 'internal' ? 'In-house' : 'Outsourced'}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={v.status === 'active' ? 'teal' : 'gray'}>
                    {v.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {v.contract_start ?? '…'} – {v.contract_end ?? '…'}
                </Table.Td>
                {(writable || provisions) && (
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      {writable && (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing(v)}
                          aria-label={`Edit ${v.name}`}
                        >
                          Edit
                        </Button>
                      )}
                      {provisions && (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setScimFor(v)}
                          aria-label={`SCIM tokens of ${v.name}`}
                        >
                          SCIM
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListState>
      <Modal opened={scimFor !== null} onClose={() => setScimFor(null)} title="SCIM tokens" size="xl">
        {scimFor && <ScimTokens vendorId={scimFor.id} vendorName={scimFor.name} />}
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New vendor' : 'Edit vendor'}
      >
        {editing !== null && (
          <Stack gap="lg">
            {/* Keyed by status: after offboarding, the form shows "offboarded" and cannot save the old one back. */}
            <VendorForm
              key={editing === 'new' ? 'new' : editing.status}
              vendor={editing === 'new' ? null : editing}
              onDone={() => setEditing(null)}
            />
            {editing !== 'new' && me?.role === 'brand_admin' && (
              <OffboardVendor
                vendor={editing}
                onOffboarded={() => setEditing({ ...editing, status: 'offboarded' })}
              />
            )}
          </Stack>
        )}
      </Modal>
    </AdminPage>
  );
}

function VendorForm({ vendor, onDone }: { vendor: Vendor | null; onDone: () => void }) {
  const client = useQueryClient();
  const initialValues = {
    name: vendor?.name ?? '',
    kind: vendor?.kind ?? 'outsourced',
    status: vendor?.status ?? 'active',
    contract_start: vendor?.contract_start ?? '',
    contract_end: vendor?.contract_end ?? '',
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    name: v.name,
    status: v.status,
    contract_start: orNull(v.contract_start),
    contract_end: orNull(v.contract_end),
    ...(vendor ? {} : { kind: v.kind }),
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: vendor ? vendorUpdate : vendorCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = toBody(values) as never;
      return vendor
        ? unwrap(await api.PATCH('/api/v1/vendors/{id}', { params: { path: { id: vendor.id } }, body }))
        : unwrap(await api.POST('/api/v1/vendors', { body }));
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.vendors });
      onDone();
    },
    onError: showProblem,
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <Select
          label="Kind"
          data={VENDOR_KINDS.map((k) => ({ value: k, label: k === 'internal' ? 'In-house' : 'Outsourced' }))}
          disabled={vendor !== null}
          allowDeselect={false}
          {...form.getInputProps('kind')}
        />
        <Select
          label="Status"
          data={[...VENDOR_STATUSES]}
          allowDeselect={false}
          {...form.getInputProps('status')}
        />
        <Group grow>
          <TextInput type="date" label="Contract start" {...form.getInputProps('contract_start')} />
          <TextInput type="date" label="Contract end" {...form.getInputProps('contract_end')} />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save vendor
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
