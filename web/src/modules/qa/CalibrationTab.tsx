import {
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import { ListState } from '../../shared/ListState';
import { useUsers } from '../admin/queries';
import { can, type Me } from '../auth/session';
import { ProblemAlert } from './ProblemAlert';
import { useCalibrations, useGraders, useQaMutation, useScorecards } from './queries';
import { reviewerChoices, useUserNames } from './user-names';

/** "#1042, 1043 #1050" → [1042, 1043, 1050]; anything else is named back to the user. */
export function parseTicketNumbers(text: string): { numbers: number[]; wrong: string[] } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const numbers: number[] = [];
  const wrong: string[] = [];
  for (const part of parts) {
    const n = Number(part.replace(/^#/, ''));
    if (Number.isInteger(n) && n > 0) {
      if (!numbers.includes(n)) numbers.push(n);
    } else wrong.push(part);
  }
  return { numbers, wrong };
}

/** Ticket ids for ticket numbers, through the inbox search ("#123"); a number not found is named. */
async function ticketIds(numbers: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const number of numbers) {
    const page = unwrap(
      await api.GET('/api/v1/tickets', { params: { query: { q: `#${number}`, limit: 5 } } }),
    );
    const ticket = page.items.find((t) => t.number === number);
    if (!ticket) throw new Error(`Ticket #${number} was not found among the tickets you can see.`);
    ids.push(ticket.id);
  }
  return ids;
}

function NewSession({ me, onDone }: { me: Me; onDone: () => void }) {
  const scorecards = useScorecards();
  const users = useUsers();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [scorecardId, setScorecardId] = useState<string | null>(null);
  const [tickets, setTickets] = useState('');
  const [participants, setParticipants] = useState<string[]>([]);
  const [benchmark, setBenchmark] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A session is of one side: the brand's reviewers, or one vendor's.
  const reviewers = reviewerChoices(users.data ?? [], me.vendorId);
  const create = useQaMutation(async () => {
    const parsed = parseTicketNumbers(tickets);
    if (parsed.wrong.length) throw new Error(`Not ticket numbers: ${parsed.wrong.join(', ')}.`);
    if (!parsed.numbers.length) throw new Error('Name at least one conversation by its ticket number.');
    const scorecard = scorecards.data?.find((s) => s.id === scorecardId);
    if (!scorecard) throw new Error('Choose the scorecard everyone scores on.');
    if (!benchmark) throw new Error('Choose the benchmark reviewer.');
    return unwrap(
      await api.POST('/api/v1/qa/calibrations', {
        body: {
          name,
          scorecard_version_id: scorecard.current_version.id,
          ticket_ids: await ticketIds(parsed.numbers),
          participant_ids: participants.length ? participants : [benchmark],
          benchmark_reviewer_id: benchmark,
        },
      }),
    );
  });
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      noValidate
      aria-label="New calibration session"
      onSubmit={(e) => {
        e.preventDefault();
        setErrors({});
        create.mutate(undefined, {
          onSuccess: (session) =>
            void navigate({ to: '/qa/calibrations/$calibrationId', params: { calibrationId: session.id } }),
          onError: (err) => {
            if (err instanceof ApiError)
              setErrors(problemFieldErrors(err.problem, ['name', 'ticket_ids', 'participant_ids']).fields);
          },
        });
      }}
    >
      <Stack gap="sm">
        <Title order={2} size="h4">
          New calibration session
        </Title>
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            required
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label="Scorecard"
            required
            description="Everyone scores on its current version"
            data={(scorecards.data ?? [])
              .filter((s) => s.active)
              .map((s) => ({ value: s.id, label: s.name }))}
            value={scorecardId}
            onChange={setScorecardId}
          />
        </Group>
        <TextInput
          label="Conversations"
          required
          description="Ticket numbers, e.g. #1042, #1043"
          value={tickets}
          error={errors.ticket_ids}
          onChange={(e) => setTickets(e.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <MultiSelect
            label="Reviewers"
            description="They score blind until you close the session"
            data={reviewers}
            value={participants}
            error={errors.participant_ids}
            onChange={setParticipants}
          />
          <Select
            label="Benchmark reviewer"
            required
            data={reviewers}
            value={benchmark}
            onChange={setBenchmark}
          />
        </Group>
        {create.error && !(create.error instanceof ApiError && Object.keys(errors).length) && (
          <ProblemAlert error={create.error} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Start session
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '–';

/**
 * Calibration: the sessions one can see and "grade the grader" — each reviewer's mean alignment
 * with the benchmark over closed sessions (docs/qa.md#calibration-sessions).
 */
export function CalibrationTab({ me }: { me: Me }) {
  const sessions = useCalibrations();
  const graders = useGraders();
  const name = useUserNames();
  const [creating, setCreating] = useState(false);
  if (creating) return <NewSession me={me} onDone={() => setCreating(false)} />;
  return (
    <Stack gap="lg">
      {can(me, 'qa:manage') && (
        <Group justify="flex-end">
          <Button onClick={() => setCreating(true)}>New calibration session</Button>
        </Group>
      )}
      <Stack gap="xs">
        <Title order={2} size="h5">
          Grade the grader
        </Title>
        <Text size="sm" c="dimmed">
          Mean alignment with the benchmark reviewer across closed sessions; sessions as benchmark are left
          out.
        </Text>
        <ListState noun="alignment figures" query={graders} empty="No closed calibration session yet.">
          <Table aria-label="Reviewer alignment" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reviewer</Table.Th>
                <Table.Th ta="right">Sessions</Table.Th>
                <Table.Th ta="right">Mean alignment</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(graders.data ?? []).map((g) => (
                <Table.Tr key={g.reviewer_id}>
                  <Table.Td>
                    {name(g.reviewer_id)}
                    {g.reviewer_id === me.userId ? ' (you)' : ''}
                  </Table.Td>
                  <Table.Td ta="right">{g.sessions}</Table.Td>
                  <Table.Td ta="right">{g.mean_alignment.toFixed(1)} %</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ListState>
      </Stack>
      <Stack gap="xs">
        <Title order={2} size="h5">
          Sessions
        </Title>
        <ListState noun="calibration sessions" query={sessions}>
          <Table aria-label="Calibration sessions" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Benchmark</Table.Th>
                <Table.Th>Led by</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(sessions.data ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor
                      size="sm"
                      renderRoot={(props) => (
                        <Link
                          {...props}
                          to="/qa/calibrations/$calibrationId"
                          params={{ calibrationId: s.id }}
                        />
                      )}
                    >
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{name(s.benchmark_reviewer_id)}</Table.Td>
                  <Table.Td>{name(s.created_by)}</Table.Td>
                  <Table.Td>{when(s.created_at)}</Table.Td>
                  <Table.Td>
                    <Badge color={s.state === 'open' ? 'orange.9' : 'gray.7'}>
                      {s.state === 'open' ? 'Open (blind)' : `Closed ${when(s.closed_at)}`}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ListState>
      </Stack>
    </Stack>
  );
}
