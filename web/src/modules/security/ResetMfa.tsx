import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

/**
 * For an admin editing a user who lost their phone: removes the user's authenticator and recovery
 * codes, so they sign in with the password (or must set up a new one if the brand requires it).
 */
export function ResetMfa({ userId, name }: { userId: string; name: string }) {
  const reset = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/users/{id}/mfa/reset', { params: { path: { id: userId } } })),
  });
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Two-step sign-in
      </Title>
      <Text size="sm">
        If {name} lost their phone, reset two-step sign-in: their authenticator and recovery codes stop
        working and they set up a new one.
      </Text>
      {reset.error && (
        <Alert color="red" role="alert">
          {reset.error.message}
        </Alert>
      )}
      {reset.data && (
        <Text size="sm" role="status">
          {reset.data.wasEnrolled ? 'Two-step sign-in was reset.' : `${name} had no two-step sign-in set up.`}
        </Text>
      )}
      <Group>
        <Button
          size="xs"
          variant="light"
          color="red"
          onClick={() => reset.mutate()}
          loading={reset.isPending}
        >
          Reset two-step sign-in
        </Button>
      </Group>
    </Stack>
  );
}
