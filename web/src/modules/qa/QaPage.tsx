import { Badge, Button, Group, Select, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { can, type Me, useMe } from '../auth/session';
import { CalibrationTab } from './CalibrationTab';
import { ProblemAlert } from './ProblemAlert';
import type { QaTab } from './qa-tabs';
import {
  type Assignment,
  useAssignments,
  useDisputes,
  useQaMutation,
  useReviews,
  useScorecards,
} from './queries';
import { ReviewLink } from './ReviewLink';
import { percentText } from './review-draft';
import { SamplingTab } from './SamplingTab';
import { ScorecardsTab } from './ScorecardsTab';
import { useUserNames } from './user-names';

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '–';

/**
 * Quality: what to review, the reviews and their disputes, and — for QA leads — scorecards, sampling
 * rules and calibration. An agent sees only their own reviews; a vendor only its own (the API
 * decides, the console shows what it is given).
 */
export function QaPage() {
  const me = useMe().data;
  const { tab } = useSearch({ from: '/app/qa' });
  const navigate = useNavigate();
  if (!me) return null;
  const reviewer = can(me, 'qa:review');
  const manager = can(me, 'qa:manage');
  const tabs: { value: QaTab; label: string; show: boolean }[] = [
    { value: 'queue', label: 'To review', show: reviewer },
    { value: 'reviews', label: reviewer ? 'Reviews' : 'My reviews', show: true },
    { value: 'disputes', label: 'Disputes', show: true },
    { value: 'scorecards', label: 'Scorecards', show: manager },
    { value: 'sampling', label: 'Sampling', show: manager },
    { value: 'calibration', label: 'Calibration', show: reviewer },
  ];
  const shown = tabs.filter((t) => t.show);
  const active = shown.some((t) => t.value === tab) ? tab : shown[0]!.value;
  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        Quality
      </Title>
      <Tabs
        value={active}
        onChange={(v) => v && void navigate({ to: '/qa', search: { tab: v as QaTab } })}
        keepMounted={false}
      >
        <Tabs.List>
          {shown.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="queue" pt="md">
          <ReviewQueue me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="reviews" pt="md">
          <ReviewList />
        </Tabs.Panel>
        <Tabs.Panel value="disputes" pt="md">
          <DisputeList />
        </Tabs.Panel>
        <Tabs.Panel value="scorecards" pt="md">
          <ScorecardsTab />
        </Tabs.Panel>
        <Tabs.Panel value="sampling" pt="md">
          <SamplingTab />
        </Tabs.Panel>
        <Tabs.Panel value="calibration" pt="md">
          <CalibrationTab me={me} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** The reviewer's work: conversations sampled for them, and their drafts. */
function ReviewQueue({ me }: { me: Me }) {
  const assignments = useAssignments({ reviewer_id: me.userId, state: 'open' });
  const drafts = useReviews({ state: 'draft' });
  const scorecards = useScorecards();
  const name = useUserNames();
  const navigate = useNavigate();
  // The assignment names its rule's scorecard: a vendor's reviewer may not read a brand rule.
  const start = useQaMutation(async (a: Assignment) =>
    unwrap(
      await api.POST('/api/v1/qa/reviews', {
        body: { scorecard_id: a.scorecard_id, ticket_id: a.ticket_id, agent_id: a.agent_id },
      }),
    ),
  );
  const myDrafts = (drafts.data ?? []).filter((r) => r.reviewer_id === me.userId);
  const draftFor = (ticketId: string) => myDrafts.find((r) => r.ticket_id === ticketId);
  const scorecardName = (id: string) => scorecards.data?.find((s) => s.id === id)?.name ?? 'Scorecard';
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={2} size="h5">
          Sampled for you
        </Title>
        <ProblemAlert error={start.error} />
        <ListState
          noun="conversations to review"
          query={assignments}
          empty="Nothing sampled for you is waiting."
        >
          <Table aria-label="Conversations to review" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Agent</Table.Th>
                <Table.Th>Why picked</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(assignments.data ?? []).map((a) => {
                const draft = draftFor(a.ticket_id);
                const overdue = new Date(a.due_at).getTime() < Date.now();
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>{name(a.agent_id)}</Table.Td>
                    <Table.Td>
                      {a.reasons.length ? a.reasons.join(', ').replaceAll('_', ' ') : 'at random'}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={overdue ? 'red' : undefined}>
                        {when(a.due_at)}
                        {overdue ? ' (overdue)' : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {draft ? (
                        <ReviewLink reviewId={draft.id}>Continue draft</ReviewLink>
                      ) : (
                        <Button
                          size="xs"
                          variant="light"
                          loading={start.isPending && start.variables?.id === a.id}
                          onClick={() =>
                            start.mutate(a, {
                              onSuccess: (review) =>
                                void navigate({
                                  to: '/qa/reviews/$reviewId',
                                  params: { reviewId: review.id },
                                }),
                            })
                          }
                        >
                          Start review of {name(a.agent_id)}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ListState>
      </Stack>
      <Stack gap="xs">
        <Title order={2} size="h5">
          Your drafts
        </Title>
        <ListState
          noun="drafts"
          query={{ ...drafts, data: drafts.data ? myDrafts : undefined }}
          empty="No drafts."
        >
          <Table aria-label="Your drafts" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Agent</Table.Th>
                <Table.Th>Scorecard</Table.Th>
                <Table.Th>Started</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {myDrafts.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <ReviewLink reviewId={r.id}>{name(r.agent_id)}</ReviewLink>
                  </Table.Td>
                  <Table.Td>{scorecardName(r.scorecard_id)}</Table.Td>
                  <Table.Td>{when(r.created_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ListState>
      </Stack>
    </Stack>
  );
}

/** Submitted reviews the user may read, newest first. */
function ReviewList() {
  const reviews = useReviews({ state: 'submitted' });
  const scorecards = useScorecards();
  const name = useUserNames();
  const scorecardName = (id: string) => scorecards.data?.find((s) => s.id === id)?.name ?? 'Scorecard';
  const rows = [...(reviews.data ?? [])].sort((a, b) =>
    (b.submitted_at ?? '').localeCompare(a.submitted_at ?? ''),
  );
  return (
    <ListState noun="reviews" query={reviews} empty="No submitted reviews yet.">
      <Table aria-label="Reviews" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Agent</Table.Th>
            <Table.Th>Scorecard</Table.Th>
            <Table.Th>Reviewer</Table.Th>
            <Table.Th>Submitted</Table.Th>
            <Table.Th ta="right">Score</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <ReviewLink reviewId={r.id}>{name(r.agent_id)}</ReviewLink>
              </Table.Td>
              <Table.Td>
                {scorecardName(r.scorecard_id)} v{r.version}
              </Table.Td>
              <Table.Td>{name(r.reviewer_id)}</Table.Td>
              <Table.Td>{when(r.submitted_at)}</Table.Td>
              <Table.Td
                ta="right"
                title={r.score ? `${r.score.numerator} / ${r.score.denominator}` : undefined}
              >
                {percentText(r.score?.percent)}
                {r.score?.auto_failed && (
                  <Badge ml={6} size="xs" color="red">
                    critical
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ListState>
  );
}

const DISPUTE_STATES = ['open', 'accepted', 'rejected'] as const;

/** Disputes by state, with how many are in each. */
function DisputeList() {
  const [state, setState] = useState<(typeof DISPUTE_STATES)[number] | null>('open');
  const disputes = useDisputes(state ? { state } : {});
  const name = useUserNames();
  const counts = disputes.data?.counts;
  return (
    <Stack gap="sm">
      <Group>
        <Select
          label="State"
          w={200}
          clearable
          placeholder="Every state"
          data={DISPUTE_STATES.map((s) => ({
            value: s,
            label: `${s[0]!.toUpperCase()}${s.slice(1)}${counts ? ` (${counts[s]})` : ''}`,
          }))}
          value={state}
          onChange={(v) => setState(v as typeof state)}
        />
      </Group>
      <ListState
        noun="disputes"
        query={{ ...disputes, data: disputes.data?.items }}
        empty="No disputes here."
      >
        <Table aria-label="Disputes" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Agent</Table.Th>
              <Table.Th>Raised by</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Raised</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(disputes.data?.items ?? []).map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <ReviewLink reviewId={d.review_id}>{name(d.agent_id)}</ReviewLink>
                </Table.Td>
                <Table.Td>{name(d.raised_by)}</Table.Td>
                <Table.Td maw={360}>
                  <Text size="sm" lineClamp={2}>
                    {d.reason}
                  </Text>
                </Table.Td>
                <Table.Td>{d.state}</Table.Td>
                <Table.Td>{when(d.created_at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListState>
    </Stack>
  );
}
