import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

/**
 * For an admin editing a user: where they are signed in, and "Sign out everywhere" — for a lost
 * laptop or a shared computer. API tokens stay; deactivating the user ends those too.
 */
export function UserSessions({ userId, name }: { userId: string; name: string }) {
  const client = useQueryClient();
  const key = ['users', userId, 'sessions'];
  const sessions = useQuery({
    queryKey: key,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/users/{id}/sessions', { params: { path: { id: userId } } })),
  });
  const end = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE('/api/v1/users/{id}/sessions', { params: { path: { id: userId } } })),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const items = sessions.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Sessions
      </Title>
      {(sessions.error ?? end.error) && (
        <Alert color="red" role="alert">
          {(sessions.error ?? end.error)?.message}
        </Alert>
      )}
      {sessions.data && (
        <Text size="sm" data-testid="user-sessions">
          {items.length === 0
            ? `${name} is not signed in anywhere.`
            : `Signed in on ${items.length} ${items.length === 1 ? 'device' : 'devices'}: ${items
                .map((s) => `${s.device} (last active ${new Date(s.lastSeenAt).toLocaleString()})`)
                .join('; ')}.`}
        </Text>
      )}
      {end.data && (
        <Text size="sm" role="status">
          Signed out of {end.data.sessionsEnded} {end.data.sessionsEnded === 1 ? 'session' : 'sessions'}.
        </Text>
      )}
      <Group>
        <Button
          size="xs"
          variant="light"
          color="red"
          disabled={items.length === 0}
          onClick={() => end.mutate()}
          loading={end.isPending}
        >
          Sign out everywhere
        </Button>
      </Group>
    </Stack>
  );
}
