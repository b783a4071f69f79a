import { Badge, Button, Group, Modal, Select, Stack, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { SITE_STATUSES, siteCreate, siteUpdate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { can, type Me, useMe } from '../auth/session';
import { AdminPage, FormProblem } from './AdminPage';
import { adminKeys, useSites, useVendorNames, useVendors } from './queries';
import { useSchemaForm } from './use-schema-form';

type Site = NonNullable<ReturnType<typeof useSites>['data']>[number];
type SiteStatus = (typeof SITE_STATUSES)[number];
const STATUS_COLOR: Record<SiteStatus, string> = { up: 'teal', degraded: 'yellow', down: 'red' };

export function SitesPage() {
  const me = useMe().data;
  const sites = useSites();
  const vendorName = useVendorNames();
  const [editing, setEditing] = useState<Site | 'new' | null>(null);
  const [marking, setMarking] = useState<{ site: Site; status: SiteStatus } | null>(null);
  const writable = me ? can(me, 'sites:write') : false;
  return (
    <AdminPage
      title="Sites"
      description="Where vendors work from: time zone, languages, and whether the site is up."
      actions={writable && <Button onClick={() => setEditing('new')}>New site</Button>}
    >
      <ListState noun="sites" query={sites}>
        <Table striped aria-label="Sites">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Time zone</Table.Th>
              <Table.Th>Languages</Table.Th>
              <Table.Th>Status</Table.Th>
              {writable && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(sites.data ?? []).map((s) => (
              <Table.Tr key={s.id} data-testid="site-row">
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{vendorName(s.vendor_id)}</Table.Td>
                <Table.Td>{s.country}</Table.Td>
                <Table.Td>{s.time_zone}</Table.Td>
                <Table.Td>{s.languages.join(', ')}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[s.status]} variant="light" size="lg" data-testid="site-status">
                    {s.status}
                  </Badge>
                </Table.Td>
                {writable && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {SITE_STATUSES.filter((st) => st !== s.status).map((st) => (
                        <Button
                          key={st}
                          size="xs"
                          color={STATUS_COLOR[st]}
                          variant="light"
                          onClick={() => setMarking({ site: s, status: st })}
                          aria-label={`Mark ${st}: ${s.name}`}
                        >
                          Mark {st}
                        </Button>
                      ))}
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setEditing(s)}
                        aria-label={`Edit ${s.name}`}
                      >
                        Edit
                      </Button>
                    </Group>
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
        title={editing === 'new' ? 'New site' : 'Edit site'}
      >
        {editing !== null && me && (
          <SiteForm me={me} site={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={marking !== null} onClose={() => setMarking(null)} title="Change site status">
        {marking && <MarkSite {...marking} onDone={() => setMarking(null)} />}
      </Modal>
    </AdminPage>
  );
}

/** Marking a site down or degraded affects routing for everyone there: confirm first. */
function MarkSite({ site, status, onDone }: { site: Site; status: SiteStatus; onDone: () => void }) {
  const client = useQueryClient();
  const mark = useMutation({
    mutationFn: async () =>
      unwrap(await api.PATCH('/api/v1/sites/{id}', { params: { path: { id: site.id } }, body: { status } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.sites });
      onDone();
    },
  });
  return (
    <Stack gap="sm">
      <Text>
        Mark <b>{site.name}</b> as <b>{status}</b>?{' '}
        {status === 'up' ? 'Its agents take work again.' : 'Everyone working there is affected.'}
      </Text>
      <FormProblem messages={mark.error ? [mark.error.message] : []} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color={STATUS_COLOR[status]} onClick={() => mark.mutate()} loading={mark.isPending}>
          Confirm: mark {status}
        </Button>
      </Group>
    </Stack>
  );
}

function SiteForm({ me, site, onDone }: { me: Me; site: Site | null; onDone: () => void }) {
  const client = useQueryClient();
  const vendors = useVendors();
  const initialValues = {
    vendor_id: site?.vendor_id ?? me.vendorId ?? '',
    name: site?.name ?? '',
    country: site?.country ?? '',
    time_zone: site?.time_zone ?? '',
    languages: site?.languages ?? [],
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    ...(site ? {} : { vendor_id: v.vendor_id }),
    name: v.name,
    country: v.country.trim().toUpperCase(),
    time_zone: v.time_zone.trim(),
    languages: v.languages,
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: site ? siteUpdate : siteCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = toBody(values) as never;
      return site
        ? unwrap(await api.PATCH('/api/v1/sites/{id}', { params: { path: { id: site.id } }, body }))
        : unwrap(await api.POST('/api/v1/sites', { body }));
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.sites });
      onDone();
    },
    onError: showProblem,
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        {/* Vendor staff create sites for their own vendor only: no choice to offer. */}
        {!me.vendorId && (
          <Select
            label="Vendor"
            required
            disabled={site !== null}
            data={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
            {...form.getInputProps('vendor_id')}
          />
        )}
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <TextInput
          label="Country"
          description="ISO code, e.g. PH"
          required
          {...form.getInputProps('country')}
        />
        <TextInput
          label="Time zone"
          description="IANA name, e.g. Asia/Manila"
          required
          {...form.getInputProps('time_zone')}
        />
        <TagsInput label="Languages" description="e.g. en, es, pt-BR" {...form.getInputProps('languages')} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save site
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
