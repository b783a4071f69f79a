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
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import { useUsers } from '../admin/queries';
import { can, useMe } from '../auth/session';
import { ProblemAlert } from '../qa/ProblemAlert';
import { ReviewLink } from '../qa/ReviewLink';
import { localDay } from './coaching-dates';

type Session =
  paths['/api/v1/qa/coaching-sessions']['get']['responses']['200']['content']['application/json']['items'][number];
type Action = Session['actions'][number];
type Status = 'all' | Session['status'];

/** The reader's own time zone decides what is overdue (docs/qa.md#coaching). */
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const coachingKey = ['qa', 'coaching-sessions'] as const;

const STATUS_COLOR: Record<Session['status'], string> = {
  planned: 'blue.9',
  held: 'green.9',
  cancelled: 'gray.7',
};
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
        <Paper
          key={s.id}
          withBorder
          p="md"
          component="section"
          aria-label={`Coaching of ${nameOf(s.agent_id)}`}
        >
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600}>
                {nameOf(s.agent_id)} · coached by {nameOf(s.coach_id)}
              </Text>
              <Group gap="xs">
                {s.counts.overdue > 0 && <Badge color="red.9">{s.counts.overdue} overdue</Badge>}
                <Badge color={STATUS_COLOR[s.status]}>{s.status}</Badge>
              </Group>
            </Group>
            <Text size="sm" c="dimmed">
              {s.status === 'held' ? `Held ${when(s.held_at)}` : `Scheduled ${when(s.scheduled_at)}`} · from{' '}
              {s.review_ids.length} review{s.review_ids.length === 1 ? '' : 's'}
            </Text>
            <Group gap="xs">
              {s.review_ids.map((id, i) => (
                <ReviewLink key={id} reviewId={id}>
                  Review {i + 1}
                </ReviewLink>
              ))}
            </Group>
            {s.notes && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {s.notes}
              </Text>
            )}
            <ActionTable
              actions={s.actions}
              coach={coach}
              mayChange={(a) => s.status !== 'cancelled' && (coach || a.agent_id === me?.userId)}
            />
            {coach && s.status !== 'cancelled' && <SessionTools session={s} />}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

/** A coach's tools on a session: mark it held (with notes), add an action item. */
function SessionTools({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [description, setDescription] = useState('');
  const [due, setDue] = useState(() => localDay(new Date()));
  const done = () => queryClient.invalidateQueries({ queryKey: coachingKey });
  const held = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/qa/coaching-sessions/{id}/held', {
          params: { path: { id: session.id } },
          body: {},
        }),
      ),
    onSuccess: done,
  });
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/qa/coaching-sessions/{id}/actions', {
          params: { path: { id: session.id } },
          body: { description, due_date: due },
        }),
      ),
    onSuccess: async () => {
      setDescription('');
      setAdding(false);
      await done();
    },
  });
  return (
    <Stack gap="xs">
      <ProblemAlert error={held.error ?? add.error} />
      {adding ? (
        <Group
          align="flex-end"
          gap="xs"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <TextInput
            label="New action item"
            style={{ flex: 1 }}
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label="Due"
            w={170}
            value={due}
            onChange={(e) => setDue(e.currentTarget.value)}
          />
          <Button type="submit" disabled={!description.trim()} loading={add.isPending}>
            Add
          </Button>
          <Button variant="default" onClick={() => setAdding(false)}>
            Cancel
          </Button>
        </Group>
      ) : (
        <Group>
          <Button size="xs" variant="subtle" onClick={() => setAdding(true)}>
            Add action item
          </Button>
          {session.status === 'planned' && (
            <Button size="xs" variant="light" loading={held.isPending} onClick={() => held.mutate()}>
              Mark held
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

/** The coach's follow-up note on one action item, saved on its own (a PATCH naming only it). */
function FollowUp({ action }: { action: Action }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(action.follow_up ?? '');
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PATCH('/api/v1/qa/coaching-actions/{id}', {
          params: { path: { id: action.id } },
          body: { follow_up: text.trim() ? text : null },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: coachingKey }),
  });
  const changed = text !== (action.follow_up ?? '');
  return (
    <Group gap={4} wrap="nowrap">
      <TextInput
        size="xs"
        aria-label={`Follow-up on ${action.description}`}
        placeholder="How it went"
        maxLength={20000}
        value={text}
        error={save.error ? save.error.message : undefined}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      {changed && (
        <Button size="xs" variant="light" loading={save.isPending} onClick={() => save.mutate()}>
          Save
        </Button>
      )}
    </Group>
  );
}

function ActionTable({
  actions,
  coach,
  mayChange,
}: {
  actions: Action[];
  coach: boolean;
  mayChange: (a: Action) => boolean;
}) {
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
      <Table aria-label="Action items">
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
                <Badge color={a.overdue ? 'red.9' : a.status === 'done' ? 'green.9' : 'blue.9'}>
                  {a.overdue ? 'overdue' : a.status}
                </Badge>
              </Table.Td>
              <Table.Td>{coach ? <FollowUp action={a} /> : (a.follow_up ?? '')}</Table.Td>
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
