import { Alert, Badge, Button, Group, List, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ExportCsv } from '../../shared/ExportCsv';
import { ListState } from '../../shared/ListState';
import { useCan, useMe } from '../auth/session';
import { formatWait, type LiveBoard, liveKey, useLiveBoard } from './queries';

type Site = LiveBoard['sites'][number];
const STATUS_COLOR: Record<Site['status'], string> = { up: 'teal', degraded: 'yellow', down: 'red' };

/**
 * What is happening now: contacts waiting and SLA risk per queue, people online per vendor and
 * site, and each site's status, which a brand admin can change from here. Updated live.
 */
export function LiveOperations() {
  const board = useLiveBoard();
  const canManageSites = useCan('sites:write');
  const [marking, setMarking] = useState<{ site: Site; status: 'up' | 'down' } | null>(null);
  const sites = board.data?.sites ?? [];
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1} size="h2">
          Live operations
        </Title>
        <Text c="dimmed" size="sm">
          Contacts waiting, SLA risk, people online and site status, updated as they change.
          {board.data && ` As of ${new Date(board.data.as_of).toLocaleTimeString()}.`}
        </Text>
      </div>
      <ListState
        noun="live figures"
        query={{
          error: board.error,
          isPending: board.isPending,
          data: board.data ? [board.data] : undefined,
        }}
      >
        <section aria-labelledby="live-queues">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4" id="live-queues">
              Queues
            </Title>
            <ExportCsv path="/api/v1/operations/live" query={{}} label="Export CSV of queues" />
          </Group>
          {/* Focusable, so a keyboard can scroll the table on a phone. */}
          <Table.ScrollContainer
            minWidth={560}
            scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-labelledby': 'live-queues' } }}
          >
            <Table striped aria-labelledby="live-queues">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Queue</Table.Th>
                  <Table.Th>Waiting</Table.Th>
                  <Table.Th>Oldest wait</Table.Th>
                  <Table.Th>SLA at risk</Table.Th>
                  <Table.Th>SLA breached</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(board.data?.queues ?? []).map((q) => (
                  <Table.Tr key={q.queue_id ?? 'unqueued'} data-testid="live-queue-row">
                    <Table.Td>{q.name}</Table.Td>
                    <Table.Td data-testid="live-waiting">{q.waiting}</Table.Td>
                    <Table.Td>{formatWait(q.oldest_wait_seconds)}</Table.Td>
                    <Table.Td>
                      <Text
                        span
                        inherit
                        c={q.at_risk ? 'orange.9' : undefined}
                        fw={q.at_risk ? 600 : undefined}
                      >
                        {q.at_risk}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text
                        span
                        inherit
                        c={q.breached ? 'red.9' : undefined}
                        fw={q.breached ? 600 : undefined}
                      >
                        {q.breached}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
        <section aria-labelledby="live-vendors">
          <Title order={2} size="h4" id="live-vendors" mb="xs">
            People online by vendor
          </Title>
          <Table.ScrollContainer minWidth={360}>
            <Table striped aria-labelledby="live-vendors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Vendor</Table.Th>
                  <Table.Th>Online</Table.Th>
                  <Table.Th>Away</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(board.data?.vendors ?? []).map((v) => (
                  <Table.Tr key={v.vendor_id} data-testid="live-vendor-row">
                    <Table.Td>{v.name}</Table.Td>
                    <Table.Td>{v.online}</Table.Td>
                    <Table.Td>{v.away}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
        <section aria-labelledby="live-sites">
          <Title order={2} size="h4" id="live-sites" mb="xs">
            Sites
          </Title>
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-labelledby="live-sites">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Site</Table.Th>
                  <Table.Th>Vendor</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Online</Table.Th>
                  <Table.Th>Away</Table.Th>
                  <Table.Th>Open tickets</Table.Th>
                  {canManageSites && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sites.map((s) => (
                  <Table.Tr key={s.site_id} data-testid="live-site-row">
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{s.vendor_name}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[s.status]} variant="light" data-testid="live-site-status">
                        {s.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{s.online}</Table.Td>
                    <Table.Td>{s.away}</Table.Td>
                    <Table.Td>{s.open_tickets}</Table.Td>
                    {canManageSites && (
                      <Table.Td>
                        {s.status === 'down' ? (
                          <Button
                            size="xs"
                            variant="light"
                            color="teal"
                            onClick={() => setMarking({ site: s, status: 'up' })}
                            aria-label={`Mark up: ${s.name}`}
                          >
                            Mark up
                          </Button>
                        ) : (
                          <Button
                            size="xs"
                            variant="light"
                            color="red"
                            onClick={() => setMarking({ site: s, status: 'down' })}
                            aria-label={`Mark down: ${s.name}`}
                          >
                            Mark down
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
        {sites
          .filter((s) => s.status === 'down')
          .map((s) => (
            <MovedOff key={s.site_id} site={s} />
          ))}
      </ListState>
      <Modal opened={marking !== null} onClose={() => setMarking(null)} title="Change site status">
        {marking && <MarkSite {...marking} onDone={() => setMarking(null)} />}
      </Modal>
    </Stack>
  );
}

function MarkSite(props: { site: Site; status: 'up' | 'down'; onDone: () => void }) {
  const client = useQueryClient();
  const mark = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PATCH('/api/v1/sites/{id}', {
          params: { path: { id: props.site.site_id } },
          body: { status: props.status },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: liveKey });
      props.onDone();
    },
  });
  return (
    <Stack gap="sm">
      <Text>
        Mark <b>{props.site.name}</b> as <b>{props.status}</b>?{' '}
        {props.status === 'up'
          ? 'Its agents take work again.'
          : 'Routing stops sending it work and moves its unanswered contacts to other eligible sites.'}
      </Text>
      {mark.error && (
        <Alert color="red" role="alert" title="Not changed">
          {mark.error.message}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => props.onDone()}>
          Cancel
        </Button>
        <Button color={STATUS_COLOR[props.status]} onClick={() => mark.mutate()} loading={mark.isPending}>
          Confirm: mark {props.status}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * What happened to a site's work after it went down, as far as the server records it: routing
 * re-queues its unanswered contacts (a 'requeued' history entry each) and routes them again;
 * answered tickets stay with their agents.
 */
function MovedOff({ site }: { site: Site }) {
  const vendorUser = Boolean(useMe().data?.vendorId);
  const moved = site.moved_off.reduce((n, m) => n + m.tickets, 0);
  return (
    <Alert color="blue" title={`What moved where: ${site.name}`} data-testid="moved-off">
      <Stack gap={4}>
        <Text size="sm">
          Routing takes a down site's unanswered contacts off it and routes them to other eligible sites;
          tickets already answered stay with their agents.
        </Text>
        {moved === 0 ? (
          <Text size="sm">
            {vendorUser
              ? 'None you can see moved off it in the last 24 hours (a contact routed to another vendor is theirs to see).'
              : 'No contacts moved off it in the last 24 hours (yet).'}
          </Text>
        ) : (
          <List size="sm">
            {site.moved_off.map((m) => (
              <List.Item key={`${m.vendor_name}/${m.site_name}/${m.waiting}`}>{movedSentence(m)}</List.Item>
            ))}
          </List>
        )}
        <Text size="sm">Open tickets still at this site: {site.open_tickets}.</Text>
      </Stack>
    </Alert>
  );
}

function movedSentence(m: Site['moved_off'][number]): string {
  const where = [m.vendor_name ?? 'no vendor yet', m.site_name].filter(Boolean).join(' · ');
  return m.waiting ? `${m.tickets} waiting in their queue (${where})` : `${m.tickets} now with ${where}`;
}
