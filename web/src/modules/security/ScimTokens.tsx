import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import type { Ok } from '../../api/types';
import { ListState } from '../../shared/ListState';

type Issued = Ok<'/api/v1/vendors/{id}/scim-tokens', 'post'>;
type DefaultRole = 'agent' | 'team_lead' | 'vendor_admin' | 'qa_reviewer';

const DEFAULT_ROLES: { value: DefaultRole; label: string }[] = [
  { value: 'agent', label: 'Agent' },
  { value: 'team_lead', label: 'Team lead' },
  { value: 'qa_reviewer', label: 'QA reviewer' },
  { value: 'vendor_admin', label: 'Vendor admin' },
];
const roleLabel = (r: string) => DEFAULT_ROLES.find((x) => x.value === r)?.label ?? r;

/** The SCIM base URL an identity provider is given: this console's origin (the API serves it). */
export const scimBaseUrl = (origin: string) => `${origin.replace(/\/$/, '')}/scim/v2`;

/**
 * A vendor's SCIM tokens (docs/security.md#the-scim-token): the vendor's identity provider creates,
 * changes and deprovisions its people with one. The secret is shown once, when issued.
 */
export function ScimTokens({ vendorId, vendorName }: { vendorId: string; vendorName: string }) {
  const client = useQueryClient();
  const key = ['scim-tokens', vendorId] as const;
  const tokens = useQuery({
    queryKey: key,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/vendors/{id}/scim-tokens', { params: { path: { id: vendorId } } })),
  });
  const [name, setName] = useState('');
  const [role, setRole] = useState<DefaultRole>('agent');
  const [issued, setIssued] = useState<Issued | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/vendors/{id}/scim-tokens', {
          params: { path: { id: vendorId } },
          body: { name: name.trim(), default_role: role },
        }),
      ),
    onSuccess: (token) => {
      setIssued(token);
      setName('');
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/scim-tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setRevoking(null);
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const errors =
    create.error instanceof ApiError
      ? problemFieldErrors(create.error.problem, ['name', 'default_role'])
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const baseUrl = scimBaseUrl(window.location.origin);

  return (
    <Stack gap="sm" component="section" aria-labelledby={`scim-${vendorId}`}>
      <Title order={3} size="h4" id={`scim-${vendorId}`}>
        SCIM provisioning for {vendorName}
      </Title>
      <Text size="sm">
        {vendorName}’s identity provider (Okta, Entra ID …) creates, updates and deactivates {vendorName}’s
        people in Tandem with a SCIM token. One token per identity provider; revoke it when the connection is
        removed.
      </Text>
      {issued && (
        <Alert color="green" title={`Token “${issued.name}” issued`} data-testid="scim-issued">
          <Stack gap={6}>
            <Text size="sm">Copy it now: it is not shown again. Give the identity provider both values.</Text>
            <CopyField label="SCIM base URL" value={baseUrl} testId="scim-base-url" />
            <CopyField
              label="Token (HTTP header Authorization: Bearer …)"
              value={issued.token}
              testId="scim-secret"
            />
            <Group>
              <Button size="xs" variant="default" onClick={() => setIssued(null)}>
                I saved it
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <ListState noun="SCIM tokens" query={tokens} empty="No SCIM tokens yet">
        <Table aria-label="SCIM tokens" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role of new users</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.data?.map((t) => (
              <Table.Tr key={t.id} data-testid="scim-token-row">
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{roleLabel(t.default_role)}</Table.Td>
                <Table.Td>{t.last_used_at ? new Date(t.last_used_at).toLocaleString() : 'Never'}</Table.Td>
                <Table.Td>
                  {t.revoked_at ? (
                    <Badge color="gray" variant="light">
                      Revoked
                    </Badge>
                  ) : revoking === t.id ? (
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        color="red"
                        loading={revoke.isPending}
                        onClick={() => revoke.mutate(t.id)}
                      >
                        Revoke now
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setRevoking(null)}>
                        Keep
                      </Button>
                    </Group>
                  ) : (
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={`Revoke ${t.name}`}
                      onClick={() => setRevoking(t.id)}
                    >
                      Revoke…
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListState>
      {revoking && (
        <Text size="xs" c="dimmed">
          Revoking stops the identity provider at once; the people it created stay.
        </Text>
      )}
      {revoke.error && (
        <Alert color="red" role="alert">
          {revoke.error.message}
        </Alert>
      )}
      <form onSubmit={submit} aria-label="New SCIM token">
        <Stack gap="xs">
          <Group align="flex-start" grow>
            <TextInput
              label="Name"
              description="e.g. the identity provider"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors?.fields.name}
            />
            <Select
              label="Role of a user created without one"
              data={DEFAULT_ROLES}
              allowDeselect={false}
              value={role}
              onChange={(v) => v && setRole(v as DefaultRole)}
              error={errors?.fields.default_role}
            />
          </Group>
          {errors?.other.map((m) => (
            <Alert key={m} color="red" role="alert">
              {m}
            </Alert>
          ))}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Issue SCIM token
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Group gap={6} wrap="nowrap">
        <Code data-testid={testId} style={{ wordBreak: 'break-all' }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="default" onClick={copy} aria-label={`Copy ${label}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
