import { Stack, Text, Title } from '@mantine/core';

/** Live chats: waiting chats to accept and the agent's active chats side by side. */
export function ChatsPage() {
  return (
    <Stack>
      <Title order={1} size="h3">
        Live chats
      </Title>
      <Text c="dimmed">No chats waiting.</Text>
    </Stack>
  );
}
