import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useCan } from '../auth/session';
import { CustomerDataActions } from '../privacy/CustomerDataActions';
import { RevealCustomer } from '../privacy/RevealCustomer';
import { formatTime, label, STATUS_COLORS } from './labels';
import { type TicketDetail, useCustomerTickets } from './queries';

/** Who the customer is, and their history on every channel (only tickets the user may see). */
export function CustomerPanel({ ticket }: { ticket: TicketDetail }) {
  const history = useCustomerTickets(ticket.customer_id);
  const { customer } = ticket;
  const managesPrivacy = useCan('privacy:manage');
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="customer-title">
      <Stack gap={6}>
        <Title order={2} size="h5" id="customer-title">
          Customer
        </Title>
        <Group gap={6}>
          <Text fw={600} size="sm" data-testid="customer-name">
            {customer.display_name || 'Unknown customer'}
          </Text>
          <Badge size="xs" variant="light">
            {customer.tier}
          </Badge>
        </Group>
        <RevealCustomer ticketId={ticket.id} customerId={customer.id} />
        {customer.identities.map((identity) => (
          <Text key={`${identity.kind}:${identity.value}`} size="xs" c="dimmed">
            {label(identity.kind)}: {identity.value}
          </Text>
        ))}
        {managesPrivacy && (
          <CustomerDataActions customerId={customer.id} name={customer.display_name || 'this customer'} />
        )}
        <Title order={3} size="h6" mt="xs">
          History on every channel
        </Title>
        {history.isPending && (
          <Text size="xs" c="dimmed">
            Loading…
          </Text>
        )}
        {history.data?.length === 0 && (
          <Text size="xs" c="dimmed">
            No other tickets.
          </Text>
        )}
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {history.data?.map((t) => (
            <li key={t.id}>
              <Group gap={4} wrap="nowrap">
                <Badge size="xs" color="gray" variant="light">
                  {label(t.channel)}
                </Badge>
                <Anchor
                  size="xs"
                  truncate="end"
                  fw={t.id === ticket.id ? 700 : 400}
                  c="indigo.8"
                  renderRoot={(props) => (
                    <Link {...props} to="/tickets/$ticketId" params={{ ticketId: t.id }} />
                  )}
                >
                  #{t.number} {t.subject}
                </Anchor>
              </Group>
              <Group gap={4} ml={4}>
                <Badge size="xs" color={STATUS_COLORS[t.status]} variant="dot">
                  {label(t.status)}
                </Badge>
                <Text size="xs" c="dimmed">
                  {formatTime(t.created_at)}
                </Text>
              </Group>
            </li>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
