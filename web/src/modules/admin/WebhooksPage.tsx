import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { webhookCreate, webhookUpdate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { useCan, useMe } from '../auth/session';
import { AdminPage, FormProblem } from './AdminPage';
import { adminKeys, useVendorNames, useVendors } from './queries';
import { orNull, useSchemaForm } from './use-schema-form';
import { DeliveryLog } from './WebhookDeliveries';

type Webhook = {
  id: string;
  vendor_id: string | null;
  url: string;
  description: string;
  event_types: string[];
  networks: string[];
  active: boolean;
};

export function WebhooksPage() {
  const client = useQueryClient();
  const vendorName = useVendorNames();
  // Without webhooks:manage the list is forbidden: say so instead of asking (and showing an empty table).
  const allowed = useCan('webhooks:manage');
  const hooks = useQuery({
    enabled: allowed,
    queryKey: adminKeys.webhooks,
    queryFn: async () => unwrap(await api.GET('/api/v1/webhooks')).items,
  });
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.webhooks });
      setDeleting(null);
    },
  });
  return (
    <AdminPage
      title="Webhooks"
      description="Signed POSTs of events to your endpoints, retried with backoff; every attempt is logged."
      actions={allowed && <Button onClick={() => setEditing('new')}>New webhook</Button>}
    >
      <ListState noun="webhooks" query={hooks} allowed={allowed}>
        <Table striped aria-label="Webhooks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>URL</Table.Th>
              <Table.Th>Events</Table.Th>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Active</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(hooks.data ?? []).map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>
                  <Text size="sm">{h.url}</Text>
                  <Text size="xs" c="dimmed">
                    {h.description}
                  </Text>
                </Table.Td>
                <Table.Td>{h.event_types.join(', ')}</Table.Td>
                <Table.Td>{h.vendor_id ? vendorName(h.vendor_id) : 'All events'}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={h.active ? 'teal' : 'gray'}>
                    {h.active ? 'active' : 'paused'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setLog(h)}
                      aria-label={`Deliveries of ${h.url}`}
                    >
                      Deliveries
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setEditing(h)}
                      aria-label={`Edit ${h.url}`}
                    >
                      Edit
                    </Button>
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      onClick={() => setDeleting(h)}
                      aria-label={`Delete ${h.url}`}
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
        title={editing === 'new' ? 'New webhook' : 'Edit webhook'}
      >
        {editing !== null && (
          <WebhookForm hook={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete webhook">
        {deleting && (
          <Stack>
            <Text>
              Delete the webhook to <b>{deleting.url}</b>? Pending deliveries stop.
            </Text>
            <FormProblem messages={remove.error ? [remove.error.message] : []} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(deleting.id)}>
                Delete webhook
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal size="xl" opened={log !== null} onClose={() => setLog(null)} title="Delivery log">
        {log && <DeliveryLog hookId={log.id} />}
      </Modal>
    </AdminPage>
  );
}

function WebhookForm({ hook, onDone }: { hook: Webhook | null; onDone: () => void }) {
  const me = useMe().data;
  const client = useQueryClient();
  const vendors = useVendors();
  const [secret, setSecret] = useState<string | null>(null);
  const initialValues = {
    url: hook?.url ?? '',
    description: hook?.description ?? '',
    event_types: hook?.event_types ?? ['ticket.*', 'message.*'],
    networks: hook?.networks ?? [],
    vendor_id: hook?.vendor_id ?? '',
    active: hook?.active ?? true,
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    url: v.url.trim(),
    description: v.description,
    event_types: v.event_types,
    networks: v.networks,
    active: v.active,
    // Vendor admins always get their own vendor's events; only brand admins choose.
    ...(hook || me?.vendorId ? {} : { vendor_id: orNull(v.vendor_id) }),
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: hook ? webhookUpdate : webhookCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = toBody(values) as never;
      if (hook)
        return unwrap(await api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: hook.id } }, body }));
      return unwrap(await api.POST('/api/v1/webhooks', { body }));
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: adminKeys.webhooks });
      if ('secret' in saved && typeof saved.secret === 'string') setSecret(saved.secret);
      else onDone();
    },
    onError: showProblem,
  });
  if (secret)
    return (
      <Stack>
        <Alert color="yellow" title="Copy the signing secret now">
          It is shown only this once. Verify each POST's Tandem-Signature with it.
        </Alert>
        <Code block data-testid="webhook-secret">
          {secret}
        </Code>
      </Stack>
    );
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput label="URL" type="url" required {...form.getInputProps('url')} />
        <Textarea
          label="Description"
          rows={3}
          resize="vertical"
          {...form.getInputProps('description')}
          {...counted('description')}
        />
        <TagsInput
          label="Event types"
          description='e.g. ticket.*, message.created, "*"'
          {...form.getInputProps('event_types')}
        />
        <TagsInput
          label="Social networks"
          description="For social.reply only; empty means all"
          {...form.getInputProps('networks')}
        />
        {!hook && !me?.vendorId && (
          <Select
            label="Only this vendor's events"
            clearable
            placeholder="Every event"
            data={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
            {...form.getInputProps('vendor_id')}
          />
        )}
        <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save webhook
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
