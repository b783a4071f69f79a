import { Button, Group, Paper, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { formatTime } from '../tickets/labels';
import { useSendMessage, useTimeline } from '../tickets/queries';
import { type AgentChat, sendAgentTyping, useEndChat, useVisitorTyping } from './queries';

/** One active chat: the conversation, the visitor's typing, a message box and "end chat". */
export function ChatPane({ chat }: { chat: AgentChat }) {
  const timeline = useTimeline(chat.id);
  const send = useSendMessage(chat.id);
  const end = useEndChat();
  const typing = useVisitorTyping(chat.id);
  const [text, setText] = useState('');
  const lastTyping = useRef(0);
  const messages = (timeline.data ?? []).filter((i) => i.kind === 'message');
  const name = chat.visitor_name || chat.customer_name || 'Visitor';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    send.mutate({ body_text: body, visibility: 'public' }, { onSuccess: () => setText('') });
    lastTyping.current = 0;
    sendAgentTyping(chat.id, false).catch(() => undefined);
  };

  return (
    <Stack gap="xs" data-testid="chat-pane">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          <Link to="/tickets/$ticketId" params={{ ticketId: chat.id }}>
            #{chat.number}
          </Link>{' '}
          · {chat.email ?? 'no email given'} · {chat.mode === 'live' ? 'live' : 'continues by email'}
        </Text>
        <Button size="xs" variant="default" onClick={() => end.mutate(chat.id)} loading={end.isPending}>
          End chat
        </Button>
      </Group>
      <ScrollArea h={360} type="auto">
        <Stack
          gap={6}
          component="ol"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label={`Chat with ${name}`}
        >
          {messages.map((m) => (
            <Group
              key={m.id}
              component="li"
              justify={m.author_kind === 'customer' ? 'flex-start' : 'flex-end'}
            >
              <Paper
                p="xs"
                radius="md"
                maw="80%"
                bg={
                  m.visibility === 'internal'
                    ? 'yellow.0'
                    : m.author_kind === 'customer'
                      ? 'gray.1'
                      : 'indigo.0'
                }
              >
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {m.text}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.author_name ?? (m.author_kind === 'customer' ? name : 'Agent')} · {formatTime(m.at)}
                </Text>
              </Paper>
            </Group>
          ))}
        </Stack>
      </ScrollArea>
      <Text size="xs" c="dimmed" aria-live="polite" h={18} data-testid="visitor-typing">
        {typing ? `${name} is typing…` : ''}
      </Text>
      <form onSubmit={submit}>
        <Group gap="xs" wrap="nowrap">
          <TextInput
            label="Message"
            style={{ flex: 1 }}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              const now = Date.now();
              if (now - lastTyping.current > 3000) {
                lastTyping.current = now;
                sendAgentTyping(chat.id, true).catch(() => undefined);
              }
            }}
          />
          <Button type="submit" mt={24} loading={send.isPending} disabled={!text.trim()}>
            Send
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
