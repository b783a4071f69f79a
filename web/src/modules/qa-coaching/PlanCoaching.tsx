import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import { localDay, toInstant } from './coaching-dates';

let lastUid = 0;
type ActionRow = { uid: number; description: string; due_date: string };
const newAction = (today: string): ActionRow => ({ uid: ++lastUid, description: '', due_date: today });

/**
 * Plans a coaching session from a submitted review (docs/qa.md#coaching): when, notes, and the
 * action items agreed up front. Coaches only (qa:coach); the agent sees it on the Coaching page.
 */
export function PlanCoaching({ reviewId }: { reviewId: string }) {
  const today = localDay(new Date());
  const [open, setOpen] = useState(false);
  const [scheduled, setScheduled] = useState('');
  const [notes, setNotes] = useState('');
  const [actions, setActions] = useState<ActionRow[]>(() => [newAction(today)]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  const navigate = useNavigate();
  const client = useQueryClient();
  const plan = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/qa/coaching-sessions', {
          body: {
            review_ids: [reviewId],
            scheduled_at: scheduled ? toInstant(scheduled) : null,
            notes: notes.trim() ? notes : null,
            actions: actions
              .filter((a) => a.description.trim())
              .map(({ description, due_date }) => ({ description, due_date })),
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['qa'] });
      void navigate({ to: '/coaching' });
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return setOther([e.message]);
      const mapped = problemFieldErrors(e.problem, ['scheduled_at', 'notes', 'actions', 'review_ids']);
      setErrors(mapped.fields);
      setOther(mapped.other);
    },
  });
  if (!open)
    return (
      <Group>
        <Button variant="light" onClick={() => setOpen(true)}>
          Plan coaching from this review
        </Button>
      </Group>
    );
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      noValidate
      aria-label="Plan coaching"
      onSubmit={(e) => {
        e.preventDefault();
        setErrors({});
        setOther([]);
        plan.mutate();
      }}
    >
      <Stack gap="xs">
        <Title order={2} size="h5">
          Plan coaching
        </Title>
        {other.length > 0 && (
          <Alert color="red" role="alert" title="The session was not planned">
            {other.join(' ')}
          </Alert>
        )}
        <TextInput
          type="datetime-local"
          label="When"
          description="Leave empty to agree a time later"
          value={scheduled}
          error={errors.scheduled_at}
          onChange={(e) => setScheduled(e.currentTarget.value)}
        />
        <Textarea
          label="Notes"
          autosize
          minRows={2}
          maxLength={20000}
          value={notes}
          error={errors.notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
        <Text size="sm" fw={500}>
          Action items
        </Text>
        {actions.map((a, i) => (
          <Group key={a.uid} align="flex-start" gap="xs">
            <TextInput
              label={`Action ${i + 1}`}
              style={{ flex: 1 }}
              maxLength={2000}
              value={a.description}
              error={errors[`actions.${i}.description`]}
              onChange={(e) => {
                const description = e.currentTarget.value;
                setActions((list) => list.map((x) => (x.uid === a.uid ? { ...x, description } : x)));
              }}
            />
            <TextInput
              type="date"
              label={`Action ${i + 1} due`}
              w={170}
              value={a.due_date}
              error={errors[`actions.${i}.due_date`]}
              onChange={(e) => {
                const due = e.currentTarget.value;
                setActions((list) => list.map((x) => (x.uid === a.uid ? { ...x, due_date: due } : x)));
              }}
            />
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={`Remove action ${i + 1}`}
              onClick={() => setActions((list) => list.filter((x) => x.uid !== a.uid))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Button
            variant="subtle"
            size="xs"
            onClick={() => setActions((list) => [...list, newAction(today)])}
          >
            Add action item
          </Button>
          <Group>
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={plan.isPending}>
              Plan session
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
