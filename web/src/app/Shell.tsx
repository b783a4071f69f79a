import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { type Me, ROLE_LABELS, useSignOut } from '../modules/auth/session';
import { RealtimeProvider, RealtimeStatusBadge } from '../modules/realtime/RealtimeProvider';
import { ShortcutHelp } from './ShortcutHelp';

const NAV: { to: string; label: string }[] = [
  { to: '/tickets', label: 'Inbox' },
  { to: '/chats', label: 'Live chats' },
];

/** The signed-in frame: header with who is signed in (name, role, vendor), navigation, content. */
export function Shell({ me, children }: { me: Me; children?: ReactNode }) {
  const [opened, { toggle }] = useDisclosure();
  const signOut = useSignOut();
  const path = useRouterState({ select: (s) => s.location.pathname });
  return (
    <RealtimeProvider>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
              <Title order={2} size="h4">
                Tandem
              </Title>
            </Group>
            <Group gap="sm" wrap="nowrap" aria-label="Signed in as" role="group">
              <RealtimeStatusBadge />
              <Stack gap={0} align="flex-end">
                <Text fw={600} size="sm" data-testid="me-name">
                  {me.displayName}
                </Text>
                <Group gap={4} wrap="nowrap">
                  <Badge variant="light" size="sm" data-testid="me-role">
                    {ROLE_LABELS[me.role]}
                  </Badge>
                  <Badge
                    variant="outline"
                    color={me.vendorName ? 'grape' : 'teal'}
                    size="sm"
                    data-testid="me-vendor"
                  >
                    {me.vendorName ?? 'Brand'}
                  </Badge>
                </Group>
              </Stack>
              <Button
                variant="default"
                size="xs"
                onClick={() => signOut.mutate()}
                loading={signOut.isPending}
              >
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" component="nav" aria-label="Main">
          {NAV.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={path === item.to || path.startsWith(`${item.to}/`)}
            />
          ))}
        </AppShell.Navbar>
        <AppShell.Main>{children ?? <Outlet />}</AppShell.Main>
        <ShortcutHelp />
      </AppShell>
    </RealtimeProvider>
  );
}
