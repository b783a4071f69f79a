import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { isNotFound } from '../../api/errors';
import { NotFoundPage } from '../../app/NotFoundPage';
import { useTicket } from './queries';

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
        <Loader aria-label="Loading ticket" />
      </Center>
    );
  const t = ticket.data;
  return (
    <Stack>
      <Title order={1} size="h3">
        {t.subject}
      </Title>
      <Text c="dimmed" size="sm">
        #{t.number} · {t.customer.display_name}
      </Text>
    </Stack>
  );
}
