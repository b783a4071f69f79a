import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { adminKeys } from './queries';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * For a brand admin editing a vendor: download the vendor's data, and offboard it in one action
 * (every user deactivated, tokens revoked, unsolved tickets back to routing) once the name is typed
 * back. docs/admin.md, "Offboarding a vendor".
 */
export function OffboardVendor({
  vendor,
  onOffboarded,
}: {
  vendor: { id: string; name: string; status: string };
  onOffboarded: () => void;
}) {
  const client = useQueryClient();
  const [confirm, setConfirm] = useState('');
  const offboard = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/vendors/{id}/offboard', {
          params: { path: { id: vendor.id } },
          body: { confirm },
        }),
      ),
    onSuccess: async () => {
      onOffboarded();
      await client.invalidateQueries({ queryKey: adminKeys.vendors });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    offboard.mutate();
  };
  const r = offboard.data;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Data and offboarding
      </Title>
      <Text size="sm">
        <Anchor href={`/api/v1/vendors/${vendor.id}/export`} download>
          Download {vendor.name}’s data
        </Anchor>{' '}
        (JSON: sites, teams, users, the tickets they handled with messages, QA reviews, contracts, invoices).
      </Text>
      {r && (
        <Alert color="teal" role="status" title={`${vendor.name} is offboarded`}>
          {`${count(r.usersDeactivated, 'user')} deactivated, ${count(r.apiTokensRevoked, 'API token')} and ${count(r.scimTokensRevoked, 'SCIM token')} revoked, ${count(r.ticketsRequeued, 'unsolved ticket')} back to routing.`}
        </Alert>
      )}
      {!r && vendor.status !== 'offboarded' && (
        <form onSubmit={submit} aria-label={`Offboard ${vendor.name}`}>
          <Stack gap="xs">
            <Text size="sm">
              Offboarding signs every one of {vendor.name}’s people out for good, revokes their tokens and
              hands the vendor’s unsolved tickets back to routing. It cannot be undone in one step.
            </Text>
            {offboard.error && (
              <Alert color="red" role="alert">
                {offboard.error.message}
              </Alert>
            )}
            <TextInput
              label={`Type “${vendor.name}” to confirm`}
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
            />
            <Group>
              <Button
                type="submit"
                color="red"
                disabled={confirm.trim() !== vendor.name}
                loading={offboard.isPending}
              >
                Offboard vendor
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
