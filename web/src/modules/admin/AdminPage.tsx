import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame every admin screen shares: a heading, what the screen is for, its actions. */
export function AdminPage(props: {
  title: string;
  description: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {props.title}
          </Title>
          <Text c="dimmed" size="sm">
            {props.description}
          </Text>
        </div>
        <Group gap="xs">{props.actions}</Group>
      </Group>
      {props.children}
    </Stack>
  );
}

/** Messages of a failed request that no field shows. */
export function FormProblem({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert color="red" title="Not saved" role="alert">
      {messages.map((m) => (
        <Text key={m} size="sm">
          {m}
        </Text>
      ))}
    </Alert>
  );
}

export function LoadError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <Alert color="red" title="Could not load" role="alert">
      {error.message}
    </Alert>
  );
}
