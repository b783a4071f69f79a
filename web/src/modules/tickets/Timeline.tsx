import { Badge, Box, Group, Paper, Stack, Text } from '@mantine/core';
import { SafeHtml } from '../../shared/SafeHtml';
import { historySentence } from './history-sentence';
import { formatTime, label } from './labels';
import type { TimelineItem } from './queries';

type MessageItem = Extract<TimelineItem, { kind: 'message' }>;
type CallItem = Extract<TimelineItem, { kind: 'call' }>;
type EventItem = Extract<TimelineItem, { kind: 'event' }>;

/** One timeline across channels: messages (emails, chat, social…), call records, notes and history. */
export function Timeline({ items }: { items: TimelineItem[] }) {
  if (items.length === 0) return <Text c="dimmed">Nothing here yet.</Text>;
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Timeline">
      {items.map((item) => (
        <li key={`${item.kind}:${item.id}`} data-kind={item.kind}>
          {item.kind === 'message' ? (
            <MessageCard item={item} />
          ) : item.kind === 'call' ? (
            <CallCard item={item} />
          ) : (
            <EventLine item={item} />
          )}
        </li>
      ))}
    </Stack>
  );
}

function MessageCard({ item }: { item: MessageItem }) {
  const internal = item.visibility === 'internal';
  const fromCustomer = item.author_kind === 'customer';
  const who =
    item.author_name ?? (fromCustomer ? 'Customer' : item.author_kind === 'system' ? 'Tandem' : 'Agent');
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      data-testid={internal ? 'timeline-note' : 'timeline-message'}
      bg={internal ? 'yellow.0' : fromCustomer ? 'white' : 'indigo.0'}
      style={internal ? { borderColor: 'var(--mantine-color-yellow-6)' } : undefined}
    >
      <Group justify="space-between" gap="xs" mb={4}>
        <Group gap={6}>
          <Text fw={600} size="sm">
            {who}
          </Text>
          {internal ? (
            <Badge size="xs" color="orange.9" variant="outline">
              Internal note
            </Badge>
          ) : (
            <Badge size="xs" color="gray" variant="light">
              {label(item.channel)}
            </Badge>
          )}
          {item.delivery_status === 'failed' && (
            <Badge size="xs" color="red">
              Not delivered
            </Badge>
          )}
          {item.delivery_status === 'pending' && (
            <Badge size="xs" color="gray" variant="outline">
              Sending
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" component="time" dateTime={item.at}>
          {formatTime(item.at)}
        </Text>
      </Group>
      {item.html && fromCustomer ? (
        <SafeHtml html={item.html} title={`Message from ${who}`} textLength={item.text.length} />
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {item.text}
        </Text>
      )}
      {item.attachments.length > 0 && (
        <Group gap="xs" mt="xs">
          {item.attachments.map((a) =>
            a.id ? (
              <Text
                key={a.id}
                component="a"
                href={`/api/v1/attachments/${encodeURIComponent(a.id)}`}
                size="xs"
                c="indigo.8"
                download
              >
                {a.name}
              </Text>
            ) : (
              <Text key={`${a.name}:${a.size}:${a.url ?? ''}`} size="xs" c="dimmed">
                {a.name}
              </Text>
            ),
          )}
        </Group>
      )}
    </Paper>
  );
}

const seconds = (s: number | null) =>
  s === null ? '—' : s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;

function CallCard({ item }: { item: CallItem }) {
  return (
    <Paper withBorder p="sm" radius="md" bg="teal.0" data-testid="timeline-call">
      <Group justify="space-between" gap="xs">
        <Group gap={6}>
          <Text fw={600} size="sm">
            {item.direction === 'inbound' ? 'Inbound call' : 'Outbound call'}
          </Text>
          <Badge size="xs" color={item.outcome === 'answered' ? 'teal.9' : 'orange.9'} variant="light">
            {label(item.outcome)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" component="time" dateTime={item.at}>
          {formatTime(item.at)}
        </Text>
      </Group>
      <Text size="xs" mt={4}>
        From {item.from ?? 'unknown'} to {item.to ?? 'unknown'}
        {item.agent_name ? ` · ${item.agent_name}` : ''}
        {item.queue ? ` · queue ${item.queue}` : ''} · talk {seconds(item.duration_seconds)} · wait{' '}
        {seconds(item.wait_seconds)}
      </Text>
    </Paper>
  );
}

function EventLine({ item }: { item: EventItem }) {
  return (
    <Box px="sm">
      <Text size="xs" c="dimmed">
        <time dateTime={item.at}>{formatTime(item.at)}</time> · {historySentence(item)}
      </Text>
    </Box>
  );
}
