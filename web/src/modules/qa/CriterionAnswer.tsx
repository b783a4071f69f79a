import { Badge, Group, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Criterion } from './queries';
import { type Answers, choicesFor } from './review-draft';

export type MessageChoice = { value: string; label: string };

/** Where an automatic criterion's answer came from, in words. */
function automaticText(criterion: Criterion, answer: Answers[string] | undefined) {
  const evidence = answer?.automatic;
  if (!evidence) return 'Scored from automated checks';
  const gave = choicesFor(criterion).find((c) => c.value === String(evidence.value))?.label ?? evidence.value;
  if (answer.source === 'overridden') return `Overridden by the reviewer (the checks gave ${gave})`;
  const n = evidence.finding_ids.length;
  return n === 0
    ? 'From automated checks: nothing found'
    : `From automated checks: ${n} finding${n === 1 ? '' : 's'}`;
}

/** One criterion's answer: the scale as buttons, a comment, and the message it is about. */
export function CriterionAnswer(props: {
  criterion: Criterion;
  answer: Answers[string] | undefined;
  messages: MessageChoice[];
  editable: boolean;
  error?: string;
  figure?: ReactNode;
  /** Distinguishes the label ids when one page shows several answer sheets. */
  idPrefix?: string;
  onChange: (answer: Answers[string] | undefined) => void;
}) {
  const { criterion, answer, editable } = props;
  const choices = choicesFor(criterion);
  const labelId = `${props.idPrefix ?? 'criterion'}-${criterion.id}`;
  return (
    <Stack gap={4} data-testid={`criterion-${criterion.id}`}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500} id={labelId}>
          {criterion.name}
          {criterion.critical !== 'none' && (
            <Badge ml={6} size="xs" color="red.9" variant="outline">
              {criterion.critical === 'review' ? 'Critical: fails the review' : 'Critical: fails the section'}
            </Badge>
          )}
          {criterion.automatic && (
            <Badge ml={6} size="xs" color="indigo.9" variant="outline" data-testid="automatic-badge">
              {automaticText(criterion, answer)}
            </Badge>
          )}
        </Text>
        {props.figure}
      </Group>
      <SegmentedControl
        aria-labelledby={labelId}
        disabled={!editable}
        data={choices}
        value={answer ? String(answer.value) : ''}
        onChange={(v) =>
          props.onChange({ ...answer, value: v === 'n/a' ? 'n/a' : Number(v) } as Answers[string])
        }
      />
      {props.error && (
        <Text size="xs" c="red" role="alert">
          {props.error}
        </Text>
      )}
      {(editable || answer?.comment) && (
        <Textarea
          label={`Comment on ${criterion.name}`}
          autosize
          minRows={1}
          readOnly={!editable}
          disabled={editable && !answer}
          value={answer?.comment ?? ''}
          onChange={(e) => answer && props.onChange({ ...answer, comment: e.currentTarget.value || null })}
        />
      )}
      {props.messages.length > 0 && (editable || answer?.message_id) && (
        <Select
          label={`Message ${criterion.name} is about`}
          placeholder="The whole conversation"
          clearable
          readOnly={!editable}
          disabled={editable && !answer}
          data={props.messages}
          value={answer?.message_id ?? null}
          onChange={(v) => answer && props.onChange({ ...answer, message_id: v })}
        />
      )}
    </Stack>
  );
}
