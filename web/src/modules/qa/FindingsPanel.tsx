import { Badge, Button, Group, Mark, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Ok } from '../../api/types';
import type { TimelineItem } from '../tickets/queries';
import { ProblemAlert } from './ProblemAlert';
import { useQaMutation } from './queries';
import { CHECK_LABELS } from './scorecard-form';

type Finding = Ok<'/api/v1/qa/check-findings', 'get'>['items'][number];

/** The message text with the finding's span marked, cut to the words around it. */
export function excerpt(text: string, span: { start: number; end: number } | null) {
  if (!span) return { before: text.slice(0, 160), marked: '', after: text.length > 160 ? '…' : '' };
  const from = Math.max(0, span.start - 60);
  const to = Math.min(text.length, span.end + 60);
  return {
    before: `${from > 0 ? '…' : ''}${text.slice(from, span.start)}`,
    marked: text.slice(span.start, span.end),
    after: `${text.slice(span.end, to)}${to < text.length ? '…' : ''}`,
  };
}

/**
 * The automated checks' findings on the reviewed conversation (docs/qa.md#automated-checks): what
 * was found and where, and dismissing a false positive with a reason. Reviewers only (qa:review).
 */
export function FindingsPanel({ ticketId, timeline }: { ticketId: string; timeline: TimelineItem[] }) {
  const findings = useQuery({
    queryKey: ['qa', 'findings', ticketId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/qa/check-findings', {
          params: { query: { ticket_id: ticketId, limit: 100 } },
        }),
      ).items,
  });
  const textOf = new Map(timeline.flatMap((i) => (i.kind === 'message' ? [[i.id, i.text] as const] : [])));
  return (
    <Paper withBorder p="sm" component="section" aria-label="Automated checks">
      <Stack gap="xs">
        <Title order={2} size="h5">
          Automated checks
        </Title>
        {findings.isError && <ProblemAlert error={findings.error} />}
        {findings.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            No findings on this conversation.
          </Text>
        )}
        {(findings.data ?? []).map((f) => (
          <FindingRow key={f.id} finding={f} text={textOf.get(f.message_id) ?? ''} />
        ))}
      </Stack>
    </Paper>
  );
}

function FindingRow({ finding, text }: { finding: Finding; text: string }) {
  const [reason, setReason] = useState('');
  const [dismissing, setDismissing] = useState(false);
  const dismiss = useQaMutation(async () =>
    unwrap(
      await api.POST('/api/v1/qa/check-findings/{id}/dismiss', {
        params: { path: { id: finding.id } },
        body: { reason },
      }),
    ),
  );
  const part = excerpt(text, finding.span);
  return (
    <Stack gap={4} data-testid="finding">
      <Group gap="xs">
        <Badge color={finding.dismissed_at ? 'gray.7' : 'red.9'}>{CHECK_LABELS[finding.check]}</Badge>
        <Text size="sm">{finding.detail}</Text>
      </Group>
      {text && (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {part.before}
          {part.marked && <Mark>{part.marked}</Mark>}
          {part.after}
        </Text>
      )}
      {finding.dismissed_at ? (
        <Text size="xs" c="dimmed">
          Dismissed: {finding.dismiss_reason}
        </Text>
      ) : dismissing ? (
        <Group
          align="flex-end"
          gap="xs"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            dismiss.mutate(undefined);
          }}
        >
          <TextInput
            label="Why is this a false positive?"
            size="xs"
            style={{ flex: 1 }}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Button type="submit" size="xs" disabled={!reason.trim()} loading={dismiss.isPending}>
            Dismiss finding
          </Button>
        </Group>
      ) : (
        <Group>
          <Button size="xs" variant="subtle" onClick={() => setDismissing(true)}>
            Dismiss as a false positive
          </Button>
        </Group>
      )}
      <ProblemAlert error={dismiss.error} />
    </Stack>
  );
}
