import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { type TicketDetail, useRoutingDecisions } from './queries';

const OUTCOME_COLOR: Record<string, string> = {
  assigned: 'green',
  waiting: 'yellow',
  manual: 'blue',
  requeued: 'orange',
  overflow: 'grape',
};

/**
 * "Why it was routed here": the routing decisions stored with the ticket, newest first, each with
 * the candidates considered and why each was excluded (GET /tickets/{id}/routing-decisions).
 */
export function RoutingReason({ ticket }: { ticket: TicketDetail }) {
  const decisions = useRoutingDecisions(ticket.id, ticket.updated_at);
  const [open, setOpen] = useState(false);
  const items = decisions.data ?? [];
  const latest = items[0];
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="section"
      aria-labelledby="routing-title"
      data-testid="routing-reason"
    >
      <Title order={2} size="h5" id="routing-title">
        Why it was routed here
      </Title>
      <Text size="xs" c="dimmed">
        Queue {ticket.queue ?? 'none'} · language {ticket.language ?? 'unknown'}
      </Text>
      {decisions.isError && (
        <Text size="sm" c="red.8">
          Routing decisions could not be loaded.
        </Text>
      )}
      {!decisions.isPending && !latest && !decisions.isError && (
        <Text size="sm">No routing decision yet.</Text>
      )}
      {latest && (
        <Stack gap={4} mt={4}>
          <Group gap="xs">
            <Badge color={OUTCOME_COLOR[latest.outcome] ?? 'gray'} variant="light">
              {latest.outcome}
            </Badge>
            <Text size="xs" c="dimmed">
              {latest.trigger} · {new Date(latest.created_at).toLocaleString()}
            </Text>
          </Group>
          <Text size="sm">{latest.summary}</Text>
          <Text
            component="button"
            type="button"
            size="xs"
            c="blue.8"
            style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', textAlign: 'left' }}
            aria-expanded={open}
            onClick={() => setOpen((v) => !v)}
          >
            {open ? 'Hide' : 'Show'} candidates and earlier decisions ({items.length})
          </Text>
          {open &&
            items.map((d) => (
              <Stack key={d.id} gap={2} data-testid="routing-decision">
                <Text size="xs" fw={600}>
                  {new Date(d.created_at).toLocaleString()} — {d.outcome}: {d.summary}
                </Text>
                <List size="xs" spacing={0}>
                  {d.candidates.map((c) => (
                    <List.Item key={`${d.id}-${c.kind}-${c.id}`}>
                      {c.kind} {c.name ?? c.id}:{' '}
                      {c.chosen ? 'chosen' : (c.excluded ?? 'eligible, not chosen')}
                    </List.Item>
                  ))}
                </List>
              </Stack>
            ))}
        </Stack>
      )}
    </Paper>
  );
}
