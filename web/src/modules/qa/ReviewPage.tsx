import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { ApiError, isNotFound, unwrap } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import { NotFoundPage } from '../../app/NotFoundPage';
import { can, type Me, useMe } from '../auth/session';
import { PlanCoaching } from '../qa-coaching/PlanCoaching';
import { useTicket, useTimeline } from '../tickets/queries';
import { Timeline } from '../tickets/Timeline';
import { CriterionAnswer, type MessageChoice } from './CriterionAnswer';
import { FindingsPanel } from './FindingsPanel';
import { ProblemAlert } from './ProblemAlert';
import {
  type Dispute,
  type ReviewDetail,
  type ScorecardDefinition,
  useQaMutation,
  useReview,
  useScorecard,
} from './queries';
import { type Answers, answersPatch, choicesFor, draftStanding, percentText } from './review-draft';
import { useUserNames } from './user-names';

/** The /qa/reviews/$reviewId route's component. */
export function ReviewRoute() {
  const { reviewId } = useParams({ from: '/app/qa/reviews/$reviewId' });
  return <ReviewPage reviewId={reviewId} />;
}

/**
 * One QA review: the conversation (every channel, internal notes included) beside the scorecard
 * version the review keeps. The reviewer drafts and submits; the agent's side disputes; the brand
 * accepts (rescoring) or rejects. Another vendor's review is a 404, shown as "not found".
 */
export function ReviewPage({ reviewId }: { reviewId: string }) {
  const me = useMe().data;
  const review = useReview(reviewId);
  if (review.isError && isNotFound(review.error)) return <NotFoundPage title="Review not found" />;
  if (review.isError)
    return (
      <Alert color="red" title="Could not load the review" role="alert">
        {review.error.message}
      </Alert>
    );
  if (!review.data || !me)
    return (
      <Center p="xl">
        <Loader role="status" aria-label="Loading review" />
      </Center>
    );
  return <ReviewLoaded review={review.data} me={me} />;
}

function ReviewLoaded({ review, me }: { review: ReviewDetail; me: Me }) {
  const scorecard = useScorecard(review.scorecard_id);
  const ticket = useTicket(review.ticket_id);
  const timeline = useTimeline(review.ticket_id);
  const name = useUserNames();
  const version = scorecard.data?.versions.find((v) => v.id === review.scorecard_version_id);
  const messages = useMemo(
    () =>
      (timeline.data ?? []).flatMap((item) =>
        item.kind === 'message'
          ? [
              {
                value: item.id,
                label: `${item.author_name ?? item.author_kind} — ${item.text.slice(0, 60)}`,
              },
            ]
          : [],
      ),
    [timeline.data],
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} size="h3">
            Review of {name(review.agent_id)}
          </Title>
          <Text size="sm" c="dimmed">
            {scorecard.data ? `${scorecard.data.name}, version ${review.version}` : 'Scorecard'} · reviewed by{' '}
            {name(review.reviewer_id)} · ticket{' '}
            <Anchor
              underline="always"
              renderRoot={(props) => (
                <Link {...props} to="/tickets/$ticketId" params={{ ticketId: review.ticket_id }} />
              )}
            >
              {ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : 'open'}
            </Anchor>
          </Text>
        </Stack>
        <Group gap="xs">
          <Badge color={review.state === 'submitted' ? 'teal.9' : 'gray.7'} data-testid="review-state">
            {review.state === 'submitted' ? 'Submitted' : 'Draft'}
          </Badge>
          {review.score && (
            <Badge size="lg" variant="light" data-testid="review-score">
              {percentText(review.score.percent)}
            </Badge>
          )}
        </Group>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="sm" component="section" aria-label="Conversation">
            <Title order={2} size="h5" mb="sm">
              Conversation
            </Title>
            {timeline.isPending ? (
              <Loader size="sm" aria-label="Loading conversation" />
            ) : timeline.isError ? (
              <Alert color="red">{timeline.error.message}</Alert>
            ) : (
              <Timeline items={timeline.data} />
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          {version ? (
            <Stack gap="md">
              <ScorecardAnswers
                review={review}
                definition={version.definition}
                messages={messages}
                editable={review.state === 'draft' && review.reviewer_id === me.userId}
              />
              {review.state === 'submitted' && (
                <Disputes review={review} definition={version.definition} me={me} />
              )}
              {review.state === 'submitted' && can(me, 'qa:coach') && <PlanCoaching reviewId={review.id} />}
              {can(me, 'qa:review') && timeline.data && (
                <FindingsPanel ticketId={review.ticket_id} timeline={timeline.data} />
              )}
            </Stack>
          ) : scorecard.isError ? (
            <Alert color="red">{scorecard.error.message}</Alert>
          ) : (
            <Loader size="sm" aria-label="Loading scorecard" />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function ScorecardAnswers(props: {
  review: ReviewDetail;
  definition: ScorecardDefinition;
  messages: MessageChoice[];
  editable: boolean;
}) {
  const { review, definition, editable } = props;
  const [answers, setAnswers] = useState<Answers>(review.answers);
  const [comment, setComment] = useState(review.comment ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string[]>([]);
  // A newer review from the server (after save, submit or a rescore) replaces the local copy.
  useEffect(() => {
    setAnswers(review.answers);
    setComment(review.comment ?? '');
  }, [review]);
  const standing = draftStanding(definition, answers);

  const save = async () => {
    const patchAnswers = answersPatch(review.answers, answers);
    const commentChanged = (review.comment ?? '') !== comment;
    if (!patchAnswers && !commentChanged) return;
    unwrap(
      await api.PATCH('/api/v1/qa/reviews/{id}', {
        params: { path: { id: review.id } },
        body: {
          ...(patchAnswers ? { answers: patchAnswers } : {}),
          ...(commentChanged ? { comment: comment || null } : {}),
        },
      }),
    );
  };
  const onProblem = (err: unknown) => {
    if (!(err instanceof ApiError)) {
      setFormError([err instanceof Error ? err.message : String(err)]);
      return;
    }
    // Field paths are body.answers.<criterion>…: show each beside its criterion.
    const mapped = problemFieldErrors(err.problem, ['answers', 'comment']);
    const byCriterion: Record<string, string> = {};
    const other: string[] = [...mapped.other];
    for (const [path, message] of Object.entries(mapped.fields)) {
      const id = path.split('.')[1];
      if (path.startsWith('answers.') && id) byCriterion[id] = message;
      else other.push(message);
    }
    setErrors(byCriterion);
    setFormError(other);
  };
  const saveDraft = useQaMutation(save);
  const submit = useQaMutation(async () => {
    await save();
    return unwrap(await api.POST('/api/v1/qa/reviews/{id}/submit', { params: { path: { id: review.id } } }));
  });
  const busy = saveDraft.isPending || submit.isPending;
  const scoreById = new Map(
    (review.score?.sections ?? []).flatMap((s) => s.criteria.map((c) => [c.id, c] as const)),
  );

  return (
    <Paper withBorder p="sm" component="section" aria-label="Scorecard">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h5">
            Scorecard
          </Title>
          {editable && (
            <Text size="sm" c="dimmed" data-testid="draft-standing">
              {standing.answered} of {standing.total} answered
              {standing.score ? ` · would score ${percentText(standing.score.percent)}` : ''}
            </Text>
          )}
        </Group>
        {formError.length > 0 && (
          <Alert color="red" role="alert" title="The review was not saved">
            {formError.join(' ')}
          </Alert>
        )}
        {definition.sections.map((section) => {
          const sectionScore = review.score?.sections.find((s) => s.id === section.id);
          return (
            <Stack
              key={section.id}
              gap="sm"
              component="fieldset"
              style={{ border: 0, padding: 0, margin: 0 }}
            >
              <Group justify="space-between">
                <Text component="legend" fw={600}>
                  {section.name}
                  {section.bonus ? ' (bonus)' : ''}
                </Text>
                {sectionScore && (
                  <Text
                    size="sm"
                    c={sectionScore.auto_failed ? 'red' : 'dimmed'}
                    title="numerator / denominator"
                  >
                    {sectionScore.auto_failed ? 'Failed by a critical criterion · ' : ''}
                    {percentText(sectionScore.percent)} ({round(sectionScore.numerator)} /{' '}
                    {round(sectionScore.denominator)})
                  </Text>
                )}
              </Group>
              {section.criteria.map((criterion) => {
                const figure = scoreById.get(criterion.id);
                return (
                  <CriterionAnswer
                    key={criterion.id}
                    criterion={criterion}
                    answer={answers[criterion.id]}
                    messages={props.messages}
                    editable={editable && !busy}
                    error={errors[criterion.id]}
                    figure={
                      figure && (
                        <Text size="xs" c={figure.failed_critical ? 'red' : 'dimmed'}>
                          {figure.na ? 'N/A' : `${round(figure.numerator)} / ${round(figure.denominator)}`}
                        </Text>
                      )
                    }
                    onChange={(answer) =>
                      setAnswers(({ [criterion.id]: _, ...rest }) =>
                        answer ? { ...rest, [criterion.id]: answer } : rest,
                      )
                    }
                  />
                );
              })}
            </Stack>
          );
        })}
        {(editable || review.comment) && (
          <Textarea
            label="Overall comment"
            autosize
            minRows={2}
            readOnly={!editable}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
          />
        )}
        {editable && (
          <Group justify="flex-end">
            <Button
              variant="default"
              loading={saveDraft.isPending}
              disabled={busy}
              onClick={() =>
                saveDraft.mutate(undefined, { onError: onProblem, onSuccess: () => setErrors({}) })
              }
            >
              Save draft
            </Button>
            <Button
              loading={submit.isPending}
              disabled={busy || standing.score === null}
              title={standing.score === null ? 'Answer every criterion to submit' : undefined}
              onClick={() => submit.mutate(undefined, { onError: onProblem })}
            >
              Submit review
            </Button>
          </Group>
        )}
        {review.score && (
          <Text size="sm" data-testid="review-figure">
            Score {percentText(review.score.percent)} = {round(review.score.numerator)} /{' '}
            {round(review.score.denominator)} (
            {review.score.weighting === 'points' ? 'by points' : 'by section weights'})
            {review.score.auto_failed ? ' — failed by a critical criterion' : ''}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

const round = (n: number) => Math.round(n * 100) / 100;

const DISPUTE_COLORS: Record<Dispute['state'], string> = {
  open: 'orange.9',
  accepted: 'teal.9',
  rejected: 'gray.7',
};

/** Disputes of a submitted review, raising one, and (the brand) resolving it; then the revisions. */
function Disputes({
  review,
  definition,
  me,
}: {
  review: ReviewDetail;
  definition: ScorecardDefinition;
  me: Me;
}) {
  const name = useUserNames();
  const open = review.disputes.find((d) => d.state === 'open');
  const criteria = definition.sections.flatMap((s) => s.criteria);
  const criterionName = (id: string | null) =>
    id === null ? 'the whole review' : (criteria.find((c) => c.id === id)?.name ?? id);
  // The reviewed side disputes (the vendor's people); the brand's reviewers resolve.
  const mayDispute = can(me, 'qa:dispute') && me.vendorId !== null && !open;
  const mayResolve = can(me, 'qa:review') && me.vendorId === null;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Disputes">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Disputes
        </Title>
        {review.disputes.length === 0 && (
          <Text size="sm" c="dimmed">
            No disputes.
          </Text>
        )}
        {review.disputes.map((d) => (
          <Stack key={d.id} gap={2} data-testid="dispute">
            <Group gap="xs">
              <Badge color={DISPUTE_COLORS[d.state]}>{d.state}</Badge>
              <Text size="sm">
                {name(d.raised_by)} disputes {criterionName(d.criterion_id)}
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {d.reason}
            </Text>
            {d.resolution_comment && (
              <Text size="sm" c="dimmed">
                {name(d.resolved_by ?? '')}: {d.resolution_comment}
              </Text>
            )}
            {d.state === 'open' && mayResolve && (
              <ResolveDispute dispute={d} review={review} definition={definition} />
            )}
          </Stack>
        ))}
        {mayDispute && (
          <RaiseDispute review={review} criteria={criteria.map((c) => ({ value: c.id, label: c.name }))} />
        )}
        {review.revisions.length > 0 && (
          <Table aria-label="Score revisions" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Revision</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {review.revisions.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.revision}</Table.Td>
                  <Table.Td>{percentText(r.score.percent)}</Table.Td>
                  <Table.Td>{r.dispute_id ? 'Accepted dispute' : 'As first submitted'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

function RaiseDispute({ review, criteria }: { review: ReviewDetail; criteria: MessageChoice[] }) {
  const [criterionId, setCriterionId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const raise = useQaMutation(async () =>
    unwrap(
      await api.POST('/api/v1/qa/reviews/{id}/disputes', {
        params: { path: { id: review.id } },
        body: { criterion_id: criterionId, reason },
      }),
    ),
  );
  return (
    <Stack
      gap="xs"
      component="form"
      aria-label="Dispute this review"
      onSubmit={(e) => {
        e.preventDefault();
        raise.mutate(undefined, { onSuccess: () => setReason('') });
      }}
    >
      <Select
        label="What you dispute"
        placeholder="The whole review"
        clearable
        data={criteria}
        value={criterionId}
        onChange={setCriterionId}
      />
      <Textarea
        label="Why"
        required
        autosize
        minRows={2}
        maxLength={5000}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <ProblemAlert error={raise.error} />
      <Group justify="flex-end">
        <Button type="submit" variant="light" loading={raise.isPending} disabled={!reason.trim()}>
          Dispute
        </Button>
      </Group>
    </Stack>
  );
}

function ResolveDispute({
  dispute,
  review,
  definition,
}: {
  dispute: Dispute;
  review: ReviewDetail;
  definition: ScorecardDefinition;
}) {
  const [answers, setAnswers] = useState<Answers>(review.answers);
  const [comment, setComment] = useState('');
  const accept = useQaMutation(async () => {
    const changed = answersPatch(review.answers, answers);
    const rescore = Object.fromEntries(Object.entries(changed ?? {}).filter(([, a]) => a !== null)) as Record<
      string,
      NonNullable<NonNullable<typeof changed>[string]>
    >;
    return unwrap(
      await api.POST('/api/v1/qa/disputes/{id}/accept', {
        params: { path: { id: dispute.id } },
        body: { answers: rescore, ...(comment.trim() ? { comment } : {}) },
      }),
    );
  });
  const reject = useQaMutation(async () =>
    unwrap(
      await api.POST('/api/v1/qa/disputes/{id}/reject', {
        params: { path: { id: dispute.id } },
        body: { comment },
      }),
    ),
  );
  const criteria = definition.sections
    .flatMap((s) => s.criteria)
    .filter((c) => dispute.criterion_id === null || c.id === dispute.criterion_id);
  const standing = draftStanding(definition, answers);
  const changed = answersPatch(review.answers, answers) !== null;
  return (
    <Paper withBorder p="xs" bg="gray.0" aria-label="Resolve the dispute" component="section">
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          Rescore to accept, or reject with a reason
        </Text>
        {criteria.map((criterion) => {
          const before = review.answers[criterion.id];
          const choices = choicesFor(criterion);
          const was = choices.find((c) => c.value === String(before?.value))?.label ?? 'unanswered';
          return (
            <Group key={criterion.id} justify="space-between" gap="xs">
              <Text size="sm">
                {criterion.name}{' '}
                <Text span c="dimmed">
                  (was {was})
                </Text>
              </Text>
              <SegmentedControl
                size="xs"
                aria-label={`Rescore ${criterion.name}`}
                data={choices}
                value={answers[criterion.id] ? String(answers[criterion.id]!.value) : ''}
                onChange={(v) =>
                  setAnswers((a) => ({
                    ...a,
                    [criterion.id]: { ...a[criterion.id], value: v === 'n/a' ? 'n/a' : Number(v) },
                  }))
                }
              />
            </Group>
          );
        })}
        {changed && standing.score && (
          <Text size="sm" data-testid="rescore-preview">
            New score {percentText(standing.score.percent)} (was {percentText(review.score?.percent)})
          </Text>
        )}
        <Textarea
          label="Resolution comment"
          autosize
          minRows={1}
          maxLength={5000}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        <ProblemAlert error={accept.error ?? reject.error} />
        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={!comment.trim() || accept.isPending}
            title={!comment.trim() ? 'Say why the review stands' : undefined}
            loading={reject.isPending}
            onClick={() => reject.mutate(undefined)}
          >
            Reject
          </Button>
          <Button
            disabled={!changed || reject.isPending}
            title={!changed ? 'Change at least one answer to rescore' : undefined}
            loading={accept.isPending}
            onClick={() => accept.mutate(undefined)}
          >
            Accept and rescore
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
