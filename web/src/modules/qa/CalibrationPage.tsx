import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { isNotFound, unwrap } from '../../api/errors';
import type { Ok } from '../../api/types';
import { NotFoundPage } from '../../app/NotFoundPage';
import { type Me, useMe } from '../auth/session';
import { useTicket, useTimeline } from '../tickets/queries';
import { Timeline } from '../tickets/Timeline';
import { CriterionAnswer } from './CriterionAnswer';
import { ProblemAlert } from './ProblemAlert';
import { qaKeys, type ScorecardDefinition, useQaMutation, useScorecards } from './queries';
import { type Answers, choicesFor, draftStanding, percentText } from './review-draft';
import { useUserNames } from './user-names';

type Session = Ok<'/api/v1/qa/calibrations/{id}', 'get'>;

export function CalibrationRoute() {
  const { calibrationId } = useParams({ from: '/app/qa/calibrations/$calibrationId' });
  return <CalibrationPage id={calibrationId} />;
}

/** The scorecard version a session is scored on, found among the scorecards one can read. */
function useVersion(versionId: string | undefined) {
  const scorecards = useScorecards(!!versionId);
  const current = scorecards.data?.find((s) => s.current_version.id === versionId);
  // An older version: read the scorecards' histories (few scorecards; only when needed).
  const details = useQueries({
    queries: (current || !scorecards.data ? [] : scorecards.data).map((s) => ({
      queryKey: qaKeys.scorecard(s.id),
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/qa/scorecards/{id}', { params: { path: { id: s.id } } })),
    })),
  });
  if (current) return { name: current.name, ...current.current_version };
  for (const d of details) {
    const version = d.data?.versions.find((v) => v.id === versionId);
    if (version && d.data) return { name: d.data.name, ...version };
  }
  return undefined;
}

/**
 * One calibration session (docs/qa.md#calibration-sessions): each participant scores each
 * conversation blind; the lead closes it; then every score and the alignment with the benchmark.
 */
export function CalibrationPage({ id }: { id: string }) {
  const me = useMe().data;
  const session = useQuery({
    queryKey: [...qaKeys.calibrations, id],
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/calibrations/{id}', { params: { path: { id } } })),
    retry: false,
  });
  const version = useVersion(session.data?.scorecard_version_id);
  const name = useUserNames();
  const close = useQaMutation(async () =>
    unwrap(await api.POST('/api/v1/qa/calibrations/{id}/close', { params: { path: { id } } })),
  );
  if (session.isError && isNotFound(session.error))
    return <NotFoundPage title="Calibration session not found" />;
  if (session.isError) return <ProblemAlert error={session.error} />;
  if (!session.data || !me)
    return (
      <Center p="xl">
        <Loader aria-label="Loading the session" />
      </Center>
    );
  const s = session.data;
  const open = s.state === 'open';
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} size="h3">
            {s.name}
          </Title>
          <Text size="sm" c="dimmed">
            {version ? `${version.name}, version ${version.version}` : 'Scorecard'} · benchmark{' '}
            {name(s.benchmark_reviewer_id)} · led by {name(s.created_by)} · {s.participant_ids.length}{' '}
            reviewers
          </Text>
        </Stack>
        <Group>
          <Badge color={open ? 'orange.9' : 'gray.7'} data-testid="calibration-state">
            {open ? 'Open (blind)' : 'Closed'}
          </Badge>
          {open && s.created_by === me.userId && (
            <Button variant="light" loading={close.isPending} onClick={() => close.mutate(undefined)}>
              Close and show the alignment
            </Button>
          )}
        </Group>
      </Group>
      <ProblemAlert error={close.error} />
      {open && (
        <Text size="sm">
          While the session is open, everyone sees only their own scores and how many have scored each
          conversation.
        </Text>
      )}
      {s.result && <Results session={s} definition={version?.definition} />}
      {s.ticket_ids.map((ticketId) => (
        <Conversation
          key={ticketId}
          session={s}
          ticketId={ticketId}
          me={me}
          definition={version?.definition}
        />
      ))}
    </Stack>
  );
}

function TicketTitle({ ticketId }: { ticketId: string }) {
  const ticket = useTicket(ticketId);
  return (
    <Anchor
      fw={600}
      underline="always"
      renderRoot={(props) => <Link {...props} to="/tickets/$ticketId" params={{ ticketId }} />}
    >
      {ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : 'Conversation'}
    </Anchor>
  );
}

function Conversation(props: {
  session: Session;
  ticketId: string;
  me: Me;
  definition: ScorecardDefinition | undefined;
}) {
  const { session, ticketId, me, definition } = props;
  const [scoring, setScoring] = useState(false);
  const progress = session.progress.find((p) => p.ticket_id === ticketId)?.submitted ?? 0;
  const mine = session.scores.find((x) => x.ticket_id === ticketId && x.reviewer_id === me.userId);
  const participant = session.participant_ids.includes(me.userId);
  const name = useUserNames();
  const others = session.scores.filter((x) => x.ticket_id === ticketId && x.reviewer_id !== me.userId);
  const criteria = definition?.sections.flatMap((sec) => sec.criteria) ?? [];
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-label={`Conversation ${session.ticket_ids.indexOf(ticketId) + 1}`}
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <TicketTitle ticketId={ticketId} />
          <Text size="sm" c="dimmed" data-testid="calibration-progress">
            {progress} of {session.participant_ids.length} scored
          </Text>
        </Group>
        {mine ? (
          <Text size="sm">You scored it.</Text>
        ) : participant && session.state === 'open' ? (
          <Group>
            <Button size="xs" variant="light" onClick={() => setScoring((v) => !v)}>
              {scoring ? 'Hide' : 'Score this conversation'}
            </Button>
          </Group>
        ) : null}
        {scoring && !mine && definition && (
          <ScoreSheet sessionId={session.id} ticketId={ticketId} definition={definition} />
        )}
        {(mine || others.length > 0) && criteria.length > 0 && (
          <Table aria-label="Scores" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reviewer</Table.Th>
                {criteria.map((c) => (
                  <Table.Th key={c.id}>{c.name}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...(mine ? [mine] : []), ...others].map((x) => (
                <Table.Tr key={x.reviewer_id}>
                  <Table.Td>
                    {x.reviewer_id === me.userId ? 'You' : name(x.reviewer_id)}
                    {x.reviewer_id === session.benchmark_reviewer_id ? ' (benchmark)' : ''}
                  </Table.Td>
                  {criteria.map((c) => (
                    <Table.Td key={c.id}>
                      {choicesFor(c).find((choice) => choice.value === String(x.answers[c.id]?.value))
                        ?.label ?? '–'}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

/** A participant's blind score of one conversation; once sent it never changes. */
function ScoreSheet(props: { sessionId: string; ticketId: string; definition: ScorecardDefinition }) {
  const timeline = useTimeline(props.ticketId);
  const [answers, setAnswers] = useState<Answers>({});
  const standing = draftStanding(props.definition, answers);
  const submit = useQaMutation(async () =>
    unwrap(
      await api.POST('/api/v1/qa/calibrations/{id}/tickets/{ticketId}/scores', {
        params: { path: { id: props.sessionId, ticketId: props.ticketId } },
        body: {
          answers: Object.fromEntries(
            Object.entries(answers).map(([id, a]) => [id, { value: a.value, comment: a.comment ?? null }]),
          ),
        },
      }),
    ),
  );
  return (
    <Stack gap="sm" pt="xs">
      {timeline.data ? (
        <Timeline items={timeline.data} />
      ) : (
        <Loader size="sm" aria-label="Loading conversation" />
      )}
      {props.definition.sections.map((section) => (
        <Stack key={section.id} gap="xs">
          <Text fw={600}>{section.name}</Text>
          {section.criteria.map((criterion) => (
            <CriterionAnswer
              key={criterion.id}
              idPrefix={`calibration-${props.ticketId}`}
              criterion={criterion}
              answer={answers[criterion.id]}
              messages={[]}
              editable={!submit.isPending}
              onChange={(answer) =>
                setAnswers(({ [criterion.id]: _, ...rest }) =>
                  answer ? { ...rest, [criterion.id]: answer } : rest,
                )
              }
            />
          ))}
        </Stack>
      ))}
      <ProblemAlert error={submit.error} />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {standing.answered} of {standing.total} answered
        </Text>
        <Button
          disabled={standing.score === null}
          loading={submit.isPending}
          onClick={() => submit.mutate(undefined)}
        >
          Submit my score
        </Button>
      </Group>
    </Stack>
  );
}

/** Alignment with the benchmark, per reviewer and per criterion, with numerator / denominator. */
function Results({ session, definition }: { session: Session; definition: ScorecardDefinition | undefined }) {
  const name = useUserNames();
  const result = session.result!;
  const criterionName = (id: string) =>
    definition?.sections.flatMap((s) => s.criteria).find((c) => c.id === id)?.name ?? id;
  const figure = (f: { numerator: number; denominator: number; percent: number | null }) =>
    `${percentText(f.percent)} (${Math.round(f.numerator * 100) / 100} / ${Math.round(f.denominator * 100) / 100})`;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Alignment">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Alignment with the benchmark
        </Title>
        <Table aria-label="Alignment by reviewer" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Reviewer</Table.Th>
              <Table.Th ta="right">Conversations</Table.Th>
              <Table.Th ta="right">Alignment</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.reviewers.map((r) => (
              <Table.Tr key={r.reviewer_id}>
                <Table.Td>
                  {name(r.reviewer_id)}
                  {r.benchmark ? ' (benchmark)' : ''}
                </Table.Td>
                <Table.Td ta="right">{r.conversations}</Table.Td>
                <Table.Td ta="right">{figure(r)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {result.criteria.length > 0 && (
          <Table aria-label="Alignment by criterion" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Criterion</Table.Th>
                <Table.Th ta="right">Alignment (every reviewer but the benchmark)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.criteria.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{criterionName(c.id)}</Table.Td>
                  <Table.Td ta="right">{figure(c)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {result.reviewers.length === 0 && (
          <Alert color="gray">
            Nobody scored a conversation the benchmark scored, so there is nothing to align.
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
