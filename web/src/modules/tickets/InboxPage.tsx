import { Alert, Badge, Box, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState } from '../../shared/ListState';
import { useShortcuts } from '../../shared/useShortcuts';
import { useMe } from '../auth/session';
import { InboxFiltersBar } from './InboxFiltersBar';
import { rememberInboxOrder } from './inbox-order';
import { type InboxSearch, parseInboxSearch, scopeInboxSearch, viewsFor } from './inbox-search';
import { formatTime, label, PRIORITY_COLORS, STATUS_COLORS } from './labels';
import { type TicketRow, useTicketList } from './queries';
import { SavedViews } from './SavedViews';

const ROW_HEIGHT = 84;

/** The agent's inbox: a view (mine, team, unassigned, all), filters, search, and a virtualised list. */
export function InboxPage() {
  const raw = useSearch({ strict: false });
  const me = useMe().data!;
  const search = useMemo(
    () => scopeInboxSearch(parseInboxSearch(raw as Record<string, unknown>), me.teamId),
    [raw, me.teamId],
  );
  const navigate = useNavigate();
  const list = useTicketList(search);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  // The selection belongs to one search: a new view or filter starts again at the top.
  const searchKey = JSON.stringify(search);
  const [selection, setSelection] = useState({ key: searchKey, index: 0 });
  const selected = selection.key === searchKey ? selection.index : 0;
  const setSelected = (index: number) => setSelection({ key: searchKey, index });
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: list.hasNextPage ? rows.length + 1 : rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  // Keyset paging: when the last rendered row is the loader row, ask for the next page.
  useEffect(() => {
    if (lastIndex >= rows.length - 1 && list.hasNextPage && !list.isFetchingNextPage)
      void list.fetchNextPage();
  }, [lastIndex, rows.length, list]);

  useEffect(() => {
    rememberInboxOrder(
      rows.map((r) => r.id),
      new URLSearchParams(
        Object.entries(search).filter(([, v]) => v !== undefined) as [string, string][],
      ).toString(),
    );
  }, [rows, search]);

  const move = (step: number) => {
    if (!rows.length) return true;
    const next = Math.min(rows.length - 1, Math.max(0, selected + step));
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    return true;
  };
  useShortcuts({
    next: () => move(1),
    previous: () => move(-1),
    open: () => {
      const row = rows[selected];
      if (!row) return false;
      void navigate({ to: '/tickets/$ticketId', params: { ticketId: row.id } });
      return true;
    },
  });

  return (
    <Stack gap="sm">
      <Group>
        <Title order={1} size="h3">
          Inbox
        </Title>
        <SavedViews search={search} me={me} />
        <Text size="sm" c="dimmed" aria-live="polite" ml="auto">
          {list.isPending ? 'Loading…' : `${rows.length}${list.hasNextPage ? '+' : ''} tickets`}
        </Text>
      </Group>
      <InboxFiltersBar search={search} views={viewsFor(me.teamId)} />
      {list.isError && (
        <Alert color="red" role="alert" title="Could not load tickets">
          {list.error.message}
        </Alert>
      )}
      <Paper withBorder>
        <Box
          ref={scrollRef}
          h="calc(100vh - 290px)"
          mih={300}
          style={{ overflow: 'auto' }}
          data-testid="inbox-list"
        >
          {list.isPending ? (
            <Group justify="center" p="xl">
              <Loader role="status" aria-label="Loading tickets" />
            </Group>
          ) : rows.length === 0 ? (
            <EmptyState>No tickets match this view.</EmptyState>
          ) : (
            <ul
              aria-label="Tickets"
              style={{
                height: virtualizer.getTotalSize(),
                position: 'relative',
                margin: 0,
                padding: 0,
                listStyle: 'none',
              }}
            >
              {items.map((item) => {
                const row = rows[item.index];
                return (
                  <li
                    key={row?.id ?? 'loader'}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      width: '100%',
                      height: item.size,
                      transform: `translateY(${item.start}px)`,
                    }}
                  >
                    {row ? (
                      <InboxRow row={row} selected={item.index === selected} search={search} />
                    ) : (
                      <Group justify="center" h="100%">
                        <Loader size="sm" role="status" aria-label="Loading more tickets" />
                      </Group>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </Box>
      </Paper>
    </Stack>
  );
}

function InboxRow({ row, selected }: { row: TicketRow; selected: boolean; search: InboxSearch }) {
  return (
    <Link
      to="/tickets/$ticketId"
      params={{ ticketId: row.id }}
      aria-current={selected ? 'true' : undefined}
      data-ticket-id={row.id}
      style={{
        display: 'block',
        height: '100%',
        padding: '6px var(--mantine-spacing-md)',
        textDecoration: 'none',
        color: 'inherit',
        borderBottom: '1px solid var(--mantine-color-gray-3)',
        background: selected ? 'var(--mantine-color-indigo-0)' : undefined,
        borderLeft: selected ? '3px solid var(--mantine-color-indigo-7)' : '3px solid transparent',
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" truncate="end" style={{ flex: 1 }}>
          {row.subject}
        </Text>
        <Text size="xs" c="dimmed" truncate="end" maw={180}>
          {row.customer_name}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatTime(row.updated_at)}
        </Text>
      </Group>
      <Group gap={6} mt={4} wrap="nowrap">
        <Text size="xs" c="dimmed">
          #{row.number}
        </Text>
        <Badge size="xs" color={STATUS_COLORS[row.status]} variant="light">
          {label(row.status)}
        </Badge>
        <Badge size="xs" color={PRIORITY_COLORS[row.priority]} variant="outline">
          {label(row.priority)}
        </Badge>
        <Badge size="xs" color="gray" variant="light">
          {label(row.channel)}
        </Badge>
        {row.language && (
          <Text size="xs" c="dimmed">
            {row.language}
          </Text>
        )}
        {row.queue && (
          <Text size="xs" c="dimmed" truncate="end">
            {row.queue}
          </Text>
        )}
        <Text size="xs" c={row.agent_id ? 'dimmed' : 'orange.9'} truncate="end">
          {row.agent_name ?? 'Unassigned'}
        </Text>
      </Group>
      {row.last_message_preview && (
        <Text size="xs" c="dimmed" truncate="end" mt={2}>
          {row.last_message_visibility === 'internal' ? 'Note: ' : ''}
          {row.last_message_preview}
        </Text>
      )}
    </Link>
  );
}
