import { Alert, Badge, Box, Button, Center, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { isNotFound } from '../../api/errors';
import { NotFoundPage } from '../../app/NotFoundPage';
import { useShortcuts } from '../../shared/useShortcuts';
import { useMe } from '../auth/session';
import { useRealtime } from '../realtime/RealtimeProvider';
import { Collision } from './Collision';
import { Composer, type ComposerHandle } from './Composer';
import { CustomerPanel } from './CustomerPanel';
import { neighbour } from './inbox-order';
import { label, PRIORITY_COLORS, STATUS_COLORS } from './labels';
import {
  postActivity,
  type TicketDetail,
  useActivity,
  useTicket,
  useTimeline,
  useUpdateTicket,
} from './queries';
import { RoutingReason } from './RoutingReason';
import { SlaTimers } from './SlaTimers';
import { TicketProperties } from './TicketProperties';
import { Timeline } from './Timeline';

const WRITERS = new Set(['brand_admin', 'vendor_admin', 'team_lead', 'agent']);

/** The /tickets/$ticketId route's component (loaded lazily by the router). */
export function TicketRoute() {
  const { ticketId } = useParams({ from: '/app/tickets/$ticketId' });
  return <TicketPage ticketId={ticketId} />;
}

/** One ticket: everything on every channel, and the tools to work it. */
export function TicketPage({ ticketId }: { ticketId: string }) {
  const ticket = useTicket(ticketId);
  // Another vendor's ticket is a 404 from the API: show nothing of it, not even its number.
  if (ticket.isError && isNotFound(ticket.error)) return <NotFoundPage title="Ticket not found" />;
  if (ticket.isError)
    return (
      <Alert color="red" role="alert" title="Could not load the ticket">
        {ticket.error.message}
      </Alert>
    );
  if (ticket.isPending)
    return (
      <Center mih="40vh">
        <Loader role="status" aria-label="Loading ticket" />
      </Center>
    );
  return <TicketWorkspace ticket={ticket.data} />;
}

function TicketWorkspace({ ticket }: { ticket: TicketDetail }) {
  const me = useMe().data!;
  const canWrite = WRITERS.has(me.role);
  const timeline = useTimeline(ticket.id);
  const activity = useActivity(ticket.id);
  const update = useUpdateTicket(ticket.id);
  const composer = useRef<ComposerHandle>(null);
  const navigate = useNavigate();
  const realtime = useRealtime();

  // Collision: say we are here (now and every 15 s), and that we left when the page goes.
  useEffect(() => {
    const say = () => {
      realtime?.signal('viewing', ticket.id);
      postActivity(ticket.id, 'viewing').catch(() => undefined);
    };
    say();
    const timer = setInterval(say, 15_000);
    return () => {
      clearInterval(timer);
      realtime?.signal('stopped');
      postActivity(ticket.id, 'left').catch(() => undefined);
    };
  }, [ticket.id, realtime]);

  const go = (step: 1 | -1) => {
    const id = neighbour(ticket.id, step);
    if (id) void navigate({ to: '/tickets/$ticketId', params: { ticketId: id } });
    return true;
  };

  const solve = () => {
    if (!canWrite || ticket.status === 'solved' || ticket.status === 'closed') return true;
    const previous = ticket.status;
    update.mutate(
      { status: 'solved', expected_updated_at: ticket.updated_at },
      {
        onSuccess: (solved) => {
          const id = `solved-${ticket.id}`;
          notifications.show({
            id,
            color: 'green',
            autoClose: 8000,
            title: `#${ticket.number} solved`,
            message: (
              <Button
                size="xs"
                variant="light"
                onClick={() => {
                  notifications.hide(id);
                  update.mutate({ status: previous, expected_updated_at: solved.updated_at });
                }}
              >
                Undo
              </Button>
            ),
          });
        },
        onError: (err) =>
          notifications.show({ color: 'red', title: 'Not solved', message: (err as Error).message }),
      },
    );
    return true;
  };

  useShortcuts({
    next: () => go(1),
    previous: () => go(-1),
    reply: () => {
      composer.current?.focus('reply');
      return true;
    },
    note: () => {
      composer.current?.focus('note');
      return true;
    },
    solve,
  });

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="sm">
          <Box component="header">
            <Group justify="space-between" align="flex-start">
              <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }} data-testid="ticket-subject">
                {ticket.subject}
              </Title>
              <Collision activity={activity.data ?? []} userId={me.userId} />
            </Group>
            <Group gap={6} mt={4}>
              <Text size="sm" c="dimmed">
                #{ticket.number}
              </Text>
              <Badge color={STATUS_COLORS[ticket.status]} variant="light" data-testid="ticket-status">
                {label(ticket.status)}
              </Badge>
              <Badge color={PRIORITY_COLORS[ticket.priority]} variant="outline">
                {label(ticket.priority)}
              </Badge>
              <Badge color="gray" variant="light">
                {label(ticket.channel)}
              </Badge>
              {ticket.language && (
                <Text size="sm" c="dimmed">
                  {ticket.language}
                </Text>
              )}
            </Group>
          </Box>
          {timeline.isPending ? (
            <Loader size="sm" role="status" aria-label="Loading timeline" />
          ) : timeline.isError ? (
            <Alert color="red" role="alert">
              {timeline.error.message}
            </Alert>
          ) : (
            <Timeline items={timeline.data} />
          )}
          <Composer ref={composer} ticket={ticket} userId={me.userId} canWrite={canWrite} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="sm" component="aside" aria-label="Ticket details">
          <TicketProperties ticket={ticket} canWrite={canWrite} />
          <SlaTimers ticket={ticket} />
          <RoutingReason ticket={ticket} />
          <CustomerPanel ticket={ticket} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
