import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemFieldErrors, zodFieldErrors } from '../../api/field-errors';
import { ssoProviderCreate, ssoProviderPatch } from '../../api/server-schemas';
import type { Ok } from '../../api/types';
import { ListState } from '../../shared/ListState';
import { useVendors } from '../admin/queries';
import {
  grantableRoles,
  parseRoleMap,
  ROLE_LABELS,
  type Role,
  roleMapText,
  ssoCallbackUrl,
  ssoFieldErrors,
} from './sso-form';

type Provider = Ok<'/api/v1/sso/providers', 'get'>['items'][number];
const providersKey = ['sso', 'providers'] as const;
const BRAND = 'brand';
const FIELDS = [
  'vendor_id',
  'name',
  'issuer',
  'client_id',
  'client_secret',
  'roles_claim',
  'role_map',
  'default_role',
] as const;

/**
 * The brand's single sign-on (docs/security.md#single-sign-on), for `security:manage`: one OpenID
 * Connect identity provider per vendor and one for the brand's own staff.
 */
export function SsoProviders() {
  const providers = useQuery({
    queryKey: providersKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/sso/providers')).items,
  });
  const vendors = useVendors();
  const vendorName = (id: string | null) =>
    id === null ? 'Brand staff' : (vendors.data?.find((v) => v.id === id)?.name ?? 'A vendor');
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="sso-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3" id="sso-title">
            Single sign-on
          </Title>
          <Button variant="default" onClick={() => setEditing('new')}>
            Add identity provider
          </Button>
        </Group>
        <Text size="sm">
          People sign in with their company’s identity provider (OpenID Connect: Okta, Entra ID …) instead of
          a Tandem password. One provider per vendor, and one for the brand’s own staff.
        </Text>
        <ListState noun="identity providers" query={providers} empty="No identity providers yet">
          <Table aria-label="Identity providers" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>For</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Issuer</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {providers.data?.map((p) => (
                <Table.Tr key={p.id} data-testid="sso-provider-row">
                  <Table.Td>{vendorName(p.vendor_id)}</Table.Td>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{p.issuer}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="light" color={p.enabled ? 'teal' : 'gray'}>
                        {p.enabled ? 'On' : 'Off'}
                      </Badge>
                      {!p.password_login && (
                        <Badge variant="light" color="orange">
                          SSO only
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => setEditing(p)}
                      aria-label={`Edit ${p.name}`}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ListState>
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add identity provider' : 'Edit identity provider'}
        size="lg"
      >
        {editing !== null && (
          <ProviderForm
            provider={editing === 'new' ? null : editing}
            vendors={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Paper>
  );
}

function ProviderForm({
  provider,
  vendors,
  onDone,
}: {
  provider: Provider | null;
  vendors: { value: string; label: string }[];
  onDone: () => void;
}) {
  const client = useQueryClient();
  const [side, setSide] = useState<string>(provider ? (provider.vendor_id ?? BRAND) : BRAND);
  const vendorId = side === BRAND ? null : side;
  const [name, setName] = useState(provider?.name ?? '');
  const [issuer, setIssuer] = useState(provider?.issuer ?? '');
  const [clientId, setClientId] = useState(provider?.client_id ?? '');
  const [secret, setSecret] = useState('');
  const [rolesClaim, setRolesClaim] = useState(provider?.roles_claim ?? 'groups');
  const [roleMap, setRoleMap] = useState(roleMapText(provider?.role_map ?? {}));
  const [defaultRole, setDefaultRole] = useState<string>(provider?.default_role ?? '');
  const [passwordLogin, setPasswordLogin] = useState(provider?.password_login ?? true);
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; other: string[] }>({
    fields: {},
    other: [],
  });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const done = async () => {
    await client.invalidateQueries({ queryKey: providersKey });
    onDone();
  };
  const showProblem = (error: Error) =>
    setErrors(
      error instanceof ApiError
        ? (({ fields, other }) => ({ fields: ssoFieldErrors(fields), other }))(
            problemFieldErrors(error.problem, FIELDS),
          )
        : { fields: {}, other: [error.message] },
    );
  const save = useMutation({
    mutationFn: async (body: Record<string, unknown>) =>
      provider
        ? unwrap(
            await api.PATCH('/api/v1/sso/providers/{id}', {
              params: { path: { id: provider.id } },
              body: body as never,
            }),
          )
        : unwrap(await api.POST('/api/v1/sso/providers', { body: body as never })),
    onSuccess: done,
    onError: showProblem,
  });
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE('/api/v1/sso/providers/{id}', { params: { path: { id: provider!.id } } })),
    onSuccess: done,
    onError: showProblem,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsedMap = parseRoleMap(roleMap);
    if ('error' in parsedMap) {
      setErrors({ fields: { role_map: parsedMap.error }, other: [] });
      return;
    }
    const body: Record<string, unknown> = {
      name,
      issuer,
      client_id: clientId,
      roles_claim: rolesClaim,
      role_map: parsedMap.map,
      default_role: defaultRole === '' ? null : defaultRole,
      password_login: passwordLogin,
      enabled,
      ...(provider ? {} : { vendor_id: vendorId }),
      // Editing: an empty secret keeps the stored one.
      ...(secret !== '' || !provider ? { client_secret: secret } : {}),
    };
    const parsed = (provider ? ssoProviderPatch : ssoProviderCreate).safeParse(body);
    if (!parsed.success) {
      setErrors({ fields: ssoFieldErrors(zodFieldErrors(parsed.error.issues)), other: [] });
      return;
    }
    setErrors({ fields: {}, other: [] });
    save.mutate(body);
  };
  const roles = grantableRoles(vendorId);

  return (
    <form onSubmit={submit} aria-label="Identity provider" noValidate>
      <Stack gap="sm">
        {errors.other.map((m) => (
          <Alert key={m} color="red" role="alert">
            {m}
          </Alert>
        ))}
        <Select
          label="Whose people sign in with it"
          data={[{ value: BRAND, label: 'The brand’s own staff' }, ...vendors]}
          value={side}
          onChange={(v) => v && setSide(v)}
          allowDeselect={false}
          disabled={provider !== null}
          error={errors.fields.vendor_id}
        />
        <TextInput
          label="Name"
          description="Shown on the sign-in button"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.fields.name}
        />
        <TextInput
          label="Issuer"
          description="The OpenID Connect issuer, e.g. https://login.example.com/oauth2/default"
          required
          value={issuer}
          onChange={(e) => setIssuer(e.currentTarget.value)}
          error={errors.fields.issuer}
        />
        <Group grow align="flex-start">
          <TextInput
            label="Client ID"
            required
            value={clientId}
            onChange={(e) => setClientId(e.currentTarget.value)}
            error={errors.fields.client_id}
          />
          <PasswordInput
            label="Client secret"
            description={
              provider ? 'Stored encrypted; leave empty to keep it' : 'Stored encrypted, never shown again'
            }
            required={!provider}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={errors.fields.client_secret}
          />
        </Group>
        <TextInput
          label="Claim with the user’s groups"
          required
          value={rolesClaim}
          onChange={(e) => setRolesClaim(e.currentTarget.value)}
          error={errors.fields.roles_claim}
        />
        <Textarea
          label="Groups to roles"
          description={`One “group = role” a line; roles this provider may grant: ${roles.join(', ')}`}
          autosize
          minRows={2}
          value={roleMap}
          onChange={(e) => setRoleMap(e.currentTarget.value)}
          error={errors.fields.role_map}
        />
        <Select
          label="Role of a new user whose groups map to none"
          data={[
            { value: '', label: 'None: refuse the sign-in' },
            ...roles.map((r: Role) => ({ value: r, label: ROLE_LABELS[r] })),
          ]}
          value={defaultRole}
          onChange={(v) => setDefaultRole(v ?? '')}
          allowDeselect={false}
          error={errors.fields.default_role}
        />
        <Checkbox
          label="These people may also sign in with a password"
          checked={passwordLogin}
          onChange={(e) => setPasswordLogin(e.currentTarget.checked)}
        />
        <Checkbox
          label="Enabled (shown on the sign-in page)"
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        {provider && (
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              Redirect URI to register at the provider
            </Text>
            <Code data-testid="sso-callback" style={{ wordBreak: 'break-all' }}>
              {ssoCallbackUrl(window.location.origin, provider.id)}
            </Code>
          </Stack>
        )}
        <Group justify="space-between">
          {provider ? (
            confirmDelete ? (
              <Group gap={4}>
                <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                  Delete now
                </Button>
                <Button variant="default" onClick={() => setConfirmDelete(false)}>
                  Keep
                </Button>
              </Group>
            ) : (
              <Button color="red" variant="light" onClick={() => setConfirmDelete(true)}>
                Delete…
              </Button>
            )
          ) : (
            <span />
          )}
          <Button type="submit" loading={save.isPending}>
            Save identity provider
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
