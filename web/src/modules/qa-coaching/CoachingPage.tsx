import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import { useUsers } from '../admin/queries';
import { can, useMe } from '../auth/session';

type Session =
  paths['/api/v1/qa/coaching-sessions']['get']['responses']['200']['content']['application/json']['items'][number];
type Action = Session['actions'][number];
type Status = 'all' | Session['status'];

/** The reader's own time zone decides what is overdue (docs/qa.md#coaching). */
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const coachingKey = ['qa', 'coaching-sessions'] as const;

const STATUS_COLOR: Record<Session['status'], string> = { planned: 'blue', held: 'green', cancelled: 'gray' };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '–');

/**
 * Coaching sessions the signed-in user may read (docs/qa.md#coaching): a coach sees their side's,
 * a team lead their team's, an agent their own. Action items are marked done here; the coached agent
 * may do that for their own items, coaches for any they can see.
 */
export function CoachingPage() {
  const me = useMe().data;
  const [status, setStatus] = useState<Status>('all');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const sessions = useQuery({
    queryKey: [...coachingKey, status, overdueOnly],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/qa/coaching-sessions', {
          params: {
            query: {
              tz: TZ,
              limit: 200,
              ...(status === 'all' ? {} : { status }),
              ...(overdueOnly ? { overdue: 'true' as const } : {}),
            },
          },
        }),
      ).items,
  });
  const users = useUsers();
  const names = new Map((users.data ?? []).map((u) => [u.id, u.display_name]));
  const nameOf = (id: string) => names.get(id) ?? (id === me?.userId ? me.displayName : 'Someone');
  const coach = me ? can(me, 'qa:coach') : false;

  return (
    <Stack>
      <Title order={1} size="h3">
        Coaching
      </Title>
      <Group>
        <SegmentedControl
          aria-label="Session status"
          value={status}
          onChange={(v) => setStatus(v as Status)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'planned', label: 'Planned' },
            { value: 'held', label: 'Held' },
            { value: 'cancelled', label: 'Cancelled' },
          ]}
        />
        <Switch
          label="Only with overdue actions"
          checked={overdueOnly}
          onChange={(e) => setOverdueOnly(e.currentTarget.checked)}
        />
      </Group>
      {sessions.isError && <Alert color="red">Could not load coaching sessions.</Alert>}
      {sessions.data?.length === 0 && <Text c="dimmed">No coaching sessions.</Text>}
      {sessions.data?.map((s) => (
        <Paper key={s.id} withBorder p="md" aria-label={`Coaching of ${nameOf(s.agent_id)}`}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600}>
                {nameOf(s.agent_id)} · coached by {nameOf(s.coach_id)}
              </Text>
              <Group gap="xs">
                {s.counts.overdue > 0 && <Badge color="red">{s.counts.overdue} overdue</Badge>}
                <Badge color={STATUS_COLOR[s.status]}>{s.status}</Badge>
              </Group>
            </Group>
            <Text size="sm" c="dimmed">
              {s.status === 'held' ? `Held ${when(s.held_at)}` : `Scheduled ${when(s.scheduled_at)}`} · from{' '}
              {s.review_ids.length} review{s.review_ids.length === 1 ? '' : 's'}
            </Text>
            {s.notes && <Text size="sm">{s.notes}</Text>}
            <ActionTable
              actions={s.actions}
              mayChange={(a) => s.status !== 'cancelled' && (coach || a.agent_id === me?.userId)}
            />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function ActionTable({ actions, mayChange }: { actions: Action[]; mayChange: (a: Action) => boolean }) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: async ({ id, status }: { id: string; status: Action['status'] }) =>
      unwrap(
        await api.PATCH('/api/v1/qa/coaching-actions/{id}', { params: { path: { id } }, body: { status } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: coachingKey }),
  });
  if (!actions.length)
    return (
      <Text size="sm" c="dimmed">
        No action items.
      </Text>
    );
  return (
    <>
      {change.isError && <Alert color="red">Could not change the action item.</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Action item</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Follow-up</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {actions.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.description}</Table.Td>
              <Table.Td>{a.due_date}</Table.Td>
              <Table.Td>
                <Badge color={a.overdue ? 'red' : a.status === 'done' ? 'green' : 'blue'}>
                  {a.overdue ? 'overdue' : a.status}
                </Badge>
              </Table.Td>
              <Table.Td>{a.follow_up ?? ''}</Table.Td>
              <Table.Td>
                {mayChange(a) && (
                  <Button
                    size="xs"
                    variant={a.status === 'open' ? 'filled' : 'subtle'}
                    loading={change.isPending && change.variables?.id === a.id}
                    onClick={() => change.mutate({ id: a.id, status: a.status === 'open' ? 'done' : 'open' })}
                  >
                    {a.status === 'open' ? 'Mark done' : 'Reopen'}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
