import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

const sessionsKey = ['auth', 'sessions'] as const;

/** Where I am signed in: each device with when it was last used, and "Sign out" for the others. */
export function SessionsPanel() {
  const client = useQueryClient();
  const sessions = useQuery({
    queryKey: sessionsKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/sessions')),
  });
  const signOut = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: sessionsKey }),
  });

  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        <Title order={2} size="h3">
          Where you are signed in
        </Title>
        <Text size="sm">
          Each browser you signed in with. Sign out a device you do not recognise or no longer use; then
          change your password if you did not sign in there yourself.
        </Text>
        {(sessions.error ?? signOut.error) && (
          <Alert color="red" role="alert">
            {(sessions.error ?? signOut.error)?.message}
          </Alert>
        )}
        {sessions.data && (
          <Table aria-label="Signed-in devices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last active</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.items.map((s) => (
                <Table.Tr key={s.id} data-testid="session-row">
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm">{s.device}</Text>
                      {s.current && (
                        <Badge color="green" variant="light">
                          This device
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{s.ip ?? '—'}</Table.Td>
                  <Table.Td>{new Date(s.createdAt).toLocaleString()}</Table.Td>
                  <Table.Td>{new Date(s.lastSeenAt).toLocaleString()}</Table.Td>
                  <Table.Td>
                    {!s.current && (
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        aria-label={`Sign out ${s.device}`}
                        loading={signOut.isPending && signOut.variables === s.id}
                        onClick={() => signOut.mutate(s.id)}
                      >
                        Sign out
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
