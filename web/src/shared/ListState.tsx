import { Alert, Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { isForbidden } from '../api/errors';

/** What a list with no rows says, in place of bare table headers. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" ta="center" p="xl" role="status" data-testid="empty-state">
      {children}
    </Text>
  );
}

/**
 * A list's table, or instead of it one clear sentence: no access (known from /auth/me, or the API
 * answered 403), the load error, a loader, or the empty state.
 */
export function ListState(props: {
  /** The rows as users name them, plural: "webhooks", "support addresses". */
  noun: string;
  query: { error: Error | null; isPending: boolean; data?: readonly unknown[] };
  /** False when /auth/me says the user may not read this list (the query is then not even sent). */
  allowed?: boolean;
  /** Defaults to "No <noun> yet". */
  empty?: ReactNode;
  children: ReactNode;
}) {
  const { noun, query } = props;
  if (props.allowed === false || isForbidden(query.error))
    return (
      <Alert color="gray" role="status" data-testid="no-access">
        You don't have access to {noun}.
      </Alert>
    );
  if (query.error)
    return (
      <Alert color="red" title="Could not load" role="alert">
        {query.error.message}
      </Alert>
    );
  if (query.isPending)
    return (
      // The loader itself is a bare span (an aria-label there is prohibited): the words say it.
      <Group justify="center" p="xl" role="status">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">Loading {noun}…</Text>
      </Group>
    );
  if (!query.data || query.data.length === 0)
    return <EmptyState>{props.empty ?? `No ${noun} yet.`}</EmptyState>;
  return <>{props.children}</>;
}
