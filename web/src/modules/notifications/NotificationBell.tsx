import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { useRealtimeRefresh } from '../realtime/RealtimeProvider';

const notificationKeys = {
  all: ['notifications'] as const,
  latest: ['notifications', 'latest'] as const,
  unread: ['notifications', 'unread'] as const,
};
/** The most unread the badge counts exactly; beyond it shows "200+". */
const UNREAD_CAP = 200;

type Notification = Awaited<ReturnType<typeof fetchLatest>>[number];

async function fetchLatest() {
  return unwrap(await api.GET('/api/v1/notifications', { params: { query: { limit: 10 } } })).items;
}

async function fetchUnread() {
  return unwrap(
    await api.GET('/api/v1/notifications', { params: { query: { unread: 'true', limit: UNREAD_CAP } } }),
  ).items;
}

const markRead = async (id: string) =>
  unwrap(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

const timeOf = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/**
 * The header's bell: how many notifications (SLA warnings and breaches) are unread, and the latest
 * ten; opening one marks it read and goes to its ticket (a contract reminder: the contracts). Refreshed when SLA events arrive.
 */
export function NotificationBell() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  // The list is read when the bell opens; every page load needs only the unread count.
  const latest = useQuery({
    queryKey: notificationKeys.latest,
    queryFn: fetchLatest,
    enabled: opened,
    refetchInterval: opened ? 60_000 : false,
  });
  const unread = useQuery({
    queryKey: notificationKeys.unread,
    queryFn: fetchUnread,
    refetchInterval: 60_000,
  });
  useRealtimeRefresh(['sla.'], () => void client.invalidateQueries({ queryKey: notificationKeys.all }));
  const count = unread.data?.length ?? 0;
  const countText = count >= UNREAD_CAP ? `${UNREAD_CAP}+` : String(count);
  const refresh = () => client.invalidateQueries({ queryKey: notificationKeys.all });

  const open = useMutation({
    mutationFn: async (n: Notification) => {
      if (!n.read_at) await markRead(n.id);
      return n;
    },
    onSuccess: async (n) => {
      await refresh();
      setOpened(false);
      if (n.ticket_id) void navigate({ to: '/tickets/$ticketId', params: { ticketId: n.ticket_id } });
      // Contract reminders (notice deadline, term end) open the contracts.
      else if (n.kind.startsWith('contract.')) void navigate({ to: '/billing/contracts' });
    },
  });
  const readAll = useMutation({
    // One request per unread notification: the API marks them one at a time.
    mutationFn: async () => {
      for (const n of unread.data ?? []) await markRead(n.id);
    },
    onSuccess: refresh,
  });

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={320} withArrow shadow="md">
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={`Notifications: ${countText} unread`}
          onClick={() => setOpened((o) => !o)}
        >
          <Indicator
            label={countText}
            size={16}
            color="red"
            disabled={count === 0}
            offset={2}
            data-testid="notification-count"
          >
            <BellIcon />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown aria-label="Notifications" role="dialog" p="xs">
        <Group justify="space-between" mb={6} wrap="nowrap">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          {count > 0 && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => readAll.mutate()}
              loading={readAll.isPending}
            >
              Mark all read
            </Button>
          )}
        </Group>
        {latest.data?.length ? (
          <ScrollArea.Autosize mah={360}>
            <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {latest.data.map((n) => (
                <li key={n.id}>
                  <UnstyledButton
                    w="100%"
                    p={6}
                    data-testid="notification"
                    data-unread={n.read_at ? undefined : 'true'}
                    onClick={() => open.mutate(n)}
                    style={{
                      borderRadius: 4,
                      background: n.read_at ? undefined : 'var(--mantine-color-blue-light)',
                    }}
                  >
                    <Text size="sm" fw={n.read_at ? 400 : 600}>
                      {n.title}
                      {n.read_at ? '' : ' (unread)'}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {n.ticket_id ? `Ticket ${n.ticket_id.slice(0, 8)} · ` : ''}
                      {timeOf(n.created_at)}
                    </Text>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        ) : (
          <Text size="sm" c="dimmed" role="status">
            {latest.isPending ? 'Loading…' : 'No notifications.'}
          </Text>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
