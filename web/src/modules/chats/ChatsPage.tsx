import { Alert, Badge, Button, Grid, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { formatTime } from '../tickets/labels';
import { ChatPane } from './ChatPane';
import { type AgentChat, useAcceptChat, useChats } from './queries';

/** Live chats: waiting chats to accept, and the agent's active chats side by side in tabs. */
export function ChatsPage() {
  const waiting = useChats('waiting');
  const active = useChats('active');
  const accept = useAcceptChat();
  const [tab, setTab] = useState<string | null>(null);
  const chats = active.data ?? [];
  const current = chats.find((c) => c.id === tab)?.id ?? chats[0]?.id ?? null;

  const take = (chat: AgentChat) =>
    accept.mutate(chat.id, {
      onSuccess: () => setTab(chat.id),
      onError: (err) =>
        notifications.show({ color: 'red', title: 'Could not accept', message: (err as Error).message }),
    });

  return (
    <Stack gap="sm">
      <Title order={1} size="h3">
        Live chats
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="waiting-title">
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h5" id="waiting-title">
                Waiting
              </Title>
              <Badge color={waiting.data?.length ? 'orange.9' : 'gray'}>{waiting.data?.length ?? 0}</Badge>
            </Group>
            {waiting.isError && <Alert color="red">{waiting.error.message}</Alert>}
            {waiting.data?.length === 0 && (
              <Text size="sm" c="dimmed">
                No chats waiting.
              </Text>
            )}
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {waiting.data?.map((chat) => (
                <Paper key={chat.id} withBorder p="xs" component="li" data-testid="waiting-chat">
                  <Group justify="space-between" wrap="nowrap">
                    <div style={{ minWidth: 0 }}>
                      <Text fw={600} size="sm" truncate="end">
                        {chat.visitor_name || chat.customer_name || 'Visitor'}
                      </Text>
                      <Text size="xs" c="dimmed" truncate="end">
                        {chat.last_message_preview ?? chat.subject}
                      </Text>
                      <Text size="xs" c="dimmed">
                        Waiting since {formatTime(chat.waiting_since)}
                        {chat.language ? ` · ${chat.language}` : ''}
                      </Text>
                    </div>
                    <Button
                      size="xs"
                      onClick={() => take(chat)}
                      loading={accept.isPending && accept.variables === chat.id}
                    >
                      Accept
                    </Button>
                  </Group>
                </Paper>
              ))}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="active-title">
            <Title order={2} size="h5" id="active-title" mb="xs">
              My active chats
            </Title>
            {chats.length === 0 ? (
              <Text size="sm" c="dimmed">
                Accept a waiting chat to start.
              </Text>
            ) : (
              <Tabs value={current} onChange={setTab} keepMounted={false}>
                <Tabs.List>
                  {chats.map((chat) => (
                    <Tabs.Tab key={chat.id} value={chat.id}>
                      {chat.visitor_name || chat.customer_name || 'Visitor'}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
                {chats.map((chat) => (
                  <Tabs.Panel key={chat.id} value={chat.id} pt="sm">
                    <ChatPane chat={chat} />
                  </Tabs.Panel>
                ))}
              </Tabs>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
