import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { CustomerDataActions } from './CustomerDataActions';

/** Find a customer by email, to export or erase their data (docs/privacy.md#export-and-erasure). */
export function CustomerRequests() {
  const [email, setEmail] = useState('');
  const [searched, setSearched] = useState('');
  const found = useQuery({
    queryKey: ['privacy', 'customer-search', searched],
    enabled: searched !== '',
    // An erased customer's identities are gone: keep what was found on screen, erased state included.
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/customers', { params: { query: { email: searched, limit: 20 } } })).items,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearched(email.trim());
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="customer-requests-title">
      <Stack>
        <Title order={2} size="h3" id="customer-requests-title">
          Customer data requests
        </Title>
        <Text size="sm">
          When a customer asks for their data or to be forgotten (GDPR), find them by email: download
          everything Tandem holds about them, or erase it.
        </Text>
        <form onSubmit={submit} aria-label="Find a customer">
          <Group align="flex-end">
            <TextInput
              label="Customer’s email"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="default" loading={found.isFetching}>
              Find
            </Button>
          </Group>
        </form>
        {found.error && (
          <Alert color="red" role="alert">
            {found.error.message}
          </Alert>
        )}
        {found.data?.length === 0 && (
          <Text size="sm" c="dimmed" role="status">
            No customer with that email (an erased customer’s email is gone too).
          </Text>
        )}
        {found.data?.map((c) => (
          <Paper key={c.id} withBorder p="sm" radius="sm" data-testid="found-customer">
            <Stack gap={6}>
              <Group gap={6}>
                <Text fw={600} size="sm">
                  {c.display_name || 'Unnamed customer'}
                </Text>
                <Badge size="xs" variant="light">
                  {c.tier}
                </Badge>
                <Text size="xs" c="dimmed">
                  since {new Date(c.created_at).toLocaleDateString()}
                </Text>
              </Group>
              {c.merged_into_id ? (
                <Text size="sm">
                  Merged into another customer: erase that one, which takes this one along.
                </Text>
              ) : (
                <CustomerDataActions customerId={c.id} name={c.display_name || 'this customer'} />
              )}
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
