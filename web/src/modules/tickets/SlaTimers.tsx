import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type TicketDetail, useTicketSla } from './queries';

const STATE_COLOR: Record<string, string> = {
  active: 'blue',
  paused: 'gray',
  achieved: 'green',
  breached: 'red',
};

/** Signed "1 h 05 m left" / "20 m overdue" from milliseconds. */
export function formatRemaining(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const span = h > 0 ? `${h} h ${String(m).padStart(2, '0')} m` : `${m} m`;
  return ms >= 0 ? `${span} left` : `${span} overdue`;
}

/**
 * The ticket's SLA timers (GET /tickets/{id}/sla): state, due time and time remaining. Calendar-time
 * timers count down locally between refetches; business-time ones show the server's figure, since
 * only the server knows the calendar.
 */
export function SlaTimers({ ticket }: { ticket: TicketDetail }) {
  const sla = useTicketSla(ticket.id, ticket.updated_at);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const timers = sla.data?.timers ?? [];
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="section"
      aria-labelledby="sla-title"
      data-testid="sla-timers"
    >
      <Title order={2} size="h5" id="sla-title">
        SLA
      </Title>
      <Text size="xs" c="dimmed">
        {sla.data?.policy ? `Policy: ${sla.data.policy.name}` : 'No SLA policy applies'}
      </Text>
      <Stack gap={4} mt={4}>
        {timers.map((t) => {
          const evaluatedAt = Date.parse(sla.data?.evaluated_at ?? '') || now;
          const remaining =
            t.remaining_ms === null
              ? null
              : t.state === 'active' && !t.business
                ? t.remaining_ms - (now - evaluatedAt)
                : t.remaining_ms;
          return (
            <Group key={`${t.metric}-${t.cycle}`} gap="xs" justify="space-between" wrap="nowrap">
              <Text size="sm">{t.metric.replaceAll('_', ' ')}</Text>
              <Group gap={4} wrap="nowrap">
                <Badge color={STATE_COLOR[t.state] ?? 'gray'} variant="light">
                  {t.state}
                </Badge>
                {remaining !== null && (t.state === 'active' || t.state === 'paused') && (
                  <Text size="xs" c={remaining < 0 ? 'red.8' : undefined} title={t.due_at ?? undefined}>
                    {formatRemaining(remaining)}
                  </Text>
                )}
              </Group>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}
