import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';

/** Unknown routes, and tickets the user may not see (the API answers 404 for another vendor's). */
export function NotFoundPage({ title = 'Page not found' }: { title?: string }) {
  return (
    <Center mih="60vh">
      <Stack align="center" gap="sm">
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text c="dimmed">It does not exist, or you do not have access to it.</Text>
        <Button component={Link} to="/tickets" variant="light">
          Back to the inbox
        </Button>
      </Stack>
    </Center>
  );
}
