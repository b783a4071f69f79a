import { Paper, Text, Title } from '@mantine/core';
import type { TicketDetail } from './queries';

/**
 * "Why it was routed here". ROUTING: the lead wires GET /api/v1/tickets/{id}/routing-decisions (branch
 * `routing`) into this panel after merging; until then it says where the ticket sits.
 */
export function RoutingReason({ ticket }: { ticket: TicketDetail }) {
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
    </Paper>
  );
}
