import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { tokenBody } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { useCan, useMe } from '../auth/session';
import { AdminPage, FormProblem } from './AdminPage';
import { adminKeys } from './queries';
import { useSchemaForm } from './use-schema-form';

export function TokensPage() {
  const client = useQueryClient();
  // Without tokens:manage the list is forbidden: say so instead of asking (and showing an empty table).
  const allowed = useCan('tokens:manage');
  const tokens = useQuery({
    enabled: allowed,
    queryKey: adminKeys.tokens,
    queryFn: async () => unwrap(await api.GET('/api/v1/tokens', { params: { query: { limit: 200 } } })).items,
  });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.tokens });
      setRevoking(null);
    },
  });
  return (
    <AdminPage
      title="API tokens"
      description="Tokens for integrations. A token can do at most what its owner's role allows, narrowed by its scopes."
      actions={allowed && <Button onClick={() => setCreating(true)}>New token</Button>}
    >
      <ListState noun="API tokens" query={tokens} allowed={allowed}>
        <Table striped aria-label="API tokens">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tokens.data ?? []).map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{t.scopes.join(', ')}</Table.Td>
                <Table.Td>{t.expires_at ? new Date(t.expires_at).toLocaleDateString() : 'never'}</Table.Td>
                <Table.Td>{t.last_used_at ? new Date(t.last_used_at).toLocaleString() : '—'}</Table.Td>
                <Table.Td>
                  {t.revoked_at ? (
                    <Badge color="gray">revoked</Badge>
                  ) : (
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      onClick={() => setRevoking(t)}
                      aria-label={`Revoke ${t.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListState>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New API token">
        {creating && <TokenForm />}
      </Modal>
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke token">
        {revoking && (
          <Stack>
            <Text>
              Revoke <b>{revoking.name}</b>? Integrations using it stop working at once.
            </Text>
            <FormProblem messages={revoke.error ? [revoke.error.message] : []} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                Cancel
              </Button>
              <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(revoking.id)}>
                Revoke token
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </AdminPage>
  );
}

function TokenForm() {
  const me = useMe().data;
  const client = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const initialValues = { name: '', scopes: [] as string[], expiresInDays: 90 as number | string };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    name: v.name,
    scopes: v.scopes,
    ...(v.expiresInDays === '' ? {} : { expiresInDays: Number(v.expiresInDays) }),
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: tokenBody,
    initialValues,
    toBody,
  });
  const create = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(await api.POST('/api/v1/tokens', { body: toBody(values) as never })),
    onSuccess: async (created) => {
      setSecret(created.token);
      await client.invalidateQueries({ queryKey: adminKeys.tokens });
    },
    onError: showProblem,
  });
  if (secret)
    return (
      <Stack>
        <Alert color="yellow" title="Copy the token now">
          It is shown only this once; Tandem keeps only its hash.
        </Alert>
        <Code block data-testid="token-secret">
          {secret}
        </Code>
      </Stack>
    );
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <MultiSelect label="Scopes" required data={me?.permissions ?? []} {...form.getInputProps('scopes')} />
        <NumberInput
          label="Expires in days"
          description="Empty: never"
          min={1}
          max={3650}
          {...form.getInputProps('expiresInDays')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
