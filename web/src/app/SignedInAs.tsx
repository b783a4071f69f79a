import { Badge, Box, Button, Group, Menu, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { type Me, ROLE_LABELS } from '../modules/auth/session';

function RoleBadges({ me, testIds }: { me: Me; testIds: boolean }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="light" size="sm" data-testid={testIds ? 'me-role' : undefined}>
        {ROLE_LABELS[me.role]}
      </Badge>
      <Badge
        variant="outline"
        color={me.vendorName ? 'grape' : 'teal'}
        size="sm"
        data-testid={testIds ? 'me-vendor' : undefined}
      >
        {me.vendorName ?? 'Brand'}
      </Badge>
    </Group>
  );
}

/**
 * Who is signed in (name, role, vendor), the live feed's state and *Sign out*. From the sm
 * breakpoint up they sit in the header; on a phone they collapse into one menu button, so neither
 * the badges nor *Sign out* is pushed off the screen.
 */
export function SignedInAs(props: {
  me: Me;
  status: ReactNode;
  onSignOut: () => void;
  signingOut: boolean;
  /** Tests open the phone menu without a click. */
  menuOpened?: boolean;
}) {
  const { me } = props;
  return (
    <>
      <Group gap="sm" wrap="nowrap" aria-label="Signed in as" role="group" visibleFrom="sm">
        {props.status}
        <Stack gap={0} align="flex-end">
          <Text fw={600} size="sm" data-testid="me-name">
            {me.displayName}
          </Text>
          <RoleBadges me={me} testIds />
        </Stack>
        <Button variant="default" size="xs" onClick={props.onSignOut} loading={props.signingOut}>
          Sign out
        </Button>
      </Group>
      <Box hiddenFrom="sm">
        <Menu position="bottom-end" width={240} opened={props.menuOpened}>
          <Menu.Target>
            <Button variant="default" size="xs" maw={160} aria-label={`Account: ${me.displayName}`}>
              <Text size="xs" truncate="end">
                {me.displayName}
              </Text>
            </Button>
          </Menu.Target>
          <Menu.Dropdown aria-label="Signed in as">
            <Stack gap={6} p="xs">
              <Text fw={600} size="sm">
                {me.displayName}
              </Text>
              <RoleBadges me={me} testIds={false} />
              {props.status}
            </Stack>
            <Menu.Divider />
            <Menu.Item onClick={props.onSignOut}>Sign out</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Box>
    </>
  );
}
