import { AppShell, Burger, Group, NavLink, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { adminNav } from '../modules/admin/routes';
import { can, type Me, useSignOut } from '../modules/auth/session';
import { billingNav } from '../modules/billing/routes';
import { macroNav } from '../modules/macros/routes';
import { NotificationBell } from '../modules/notifications/NotificationBell';
import { qaNav } from '../modules/qa/routes';
import { RealtimeProvider, RealtimeStatusBadge } from '../modules/realtime/RealtimeProvider';
import { routingNav } from '../modules/routing/routes';
import { securityNav } from '../modules/security/routes';
import { serviceLevelNav } from '../modules/service-levels/routes';
import { surveyNav } from '../modules/surveys/routes';
import { ShortcutHelp } from './ShortcutHelp';
import { SignedInAs } from './SignedInAs';

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
            <Group gap="xs" wrap="nowrap">
              <NotificationBell />
              <SignedInAs
                me={me}
                status={<RealtimeStatusBadge />}
                onSignOut={() => signOut.mutate()}
                signingOut={signOut.isPending}
              />
            </Group>
          </Group>
        </AppShell.Header>
        {/* The menu grows with the roles' screens: it scrolls on its own when taller than the window. */}
        <AppShell.Navbar p="xs" component="nav" aria-label="Main" style={{ overflowY: 'auto' }}>
          {[
            ...NAV,
            ...(can(me, 'analytics:read')
              ? [
                  { to: '/vendors-overview', label: 'Vendors overview' },
                  { to: '/live-operations', label: 'Live operations' },
                ]
              : []),
            // The brand's own cost base: brand staff who read billing (vendors never see it).
            ...(can(me, 'billing:read') && !me.vendorId
              ? [{ to: '/cost-comparison', label: 'Cost comparison' }]
              : []),
            ...qaNav(me),
            // Coaching: coaches, and the agents being coached (read-only but for marking items done).
            ...(can(me, 'qa:coach') || me.role === 'agent' ? [{ to: '/coaching', label: 'Coaching' }] : []),
            ...routingNav(me),
            ...serviceLevelNav(me),
            ...surveyNav(me),
            ...macroNav(me),
            ...billingNav(me),
            ...adminNav(me),
            ...securityNav(),
          ].map((item) => (
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
