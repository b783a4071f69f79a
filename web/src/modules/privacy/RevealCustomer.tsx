import { Alert, Badge, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import { keys } from '../realtime/cache-patch';
import { useMasking, useReveal } from './queries';

const REASON_MIN = 10;

/**
 * For an outsourced agent under the brand's masking policy: says the customer's data is masked and,
 * where the role may, reveals it for a while with a reason (kept in the audit log).
 */
export function RevealCustomer({ ticketId, customerId }: { ticketId: string; customerId: string }) {
  const masking = useMasking();
  const reveal = useReveal(ticketId);
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const running = masking.data?.revealed.find((r) => r.customer_id === customerId);

  // When the reveal runs out, read the ticket again so the screen masks the data once more.
  useEffect(() => {
    if (!running) return;
    const left = Date.parse(running.expires_at) - Date.now();
    const timer = setTimeout(
      () => {
        void client.invalidateQueries({ queryKey: ['privacy'] });
        void client.invalidateQueries({ queryKey: keys.ticket(ticketId) });
        void client.invalidateQueries({ queryKey: keys.timeline(ticketId) });
      },
      Math.max(0, Math.min(left, 2 ** 31 - 1)),
    );
    return () => clearTimeout(timer);
  }, [running, client, ticketId]);

  if (!masking.data?.masked) return null;
  if (running) {
    return (
      <Text size="xs" c="orange.8" data-testid="pii-revealed">
        Shown unmasked until{' '}
        {new Date(running.expires_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
      </Text>
    );
  }
  const problem = reveal.error instanceof ApiError ? reveal.error.problem : null;
  const errors = problem ? problemFieldErrors(problem, ['reason']) : null;
  const tooShort = reason.trim().length < REASON_MIN;
  return (
    <Stack gap={4}>
      <Group gap={6}>
        <Badge size="xs" color="gray" variant="outline" data-testid="pii-masked">
          Personal data masked
        </Badge>
        {masking.data.may_reveal && !open && (
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)}>
            Reveal…
          </Button>
        )}
      </Group>
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!tooShort) reveal.mutate(reason.trim());
          }}
        >
          <Stack gap={4}>
            <Textarea
              size="xs"
              label="Why do you need to see it?"
              description={`Shown for ${masking.data.reveal_minutes} minutes; the reason is kept in the audit log.`}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors?.fields.reason}
              autosize
              minRows={2}
              maxLength={500}
            />
            {errors?.other.map((m) => (
              <Alert key={m} color="red" p={6}>
                {m}
              </Alert>
            ))}
            <Group gap={6}>
              <Button size="compact-xs" type="submit" disabled={tooShort} loading={reveal.isPending}>
                Reveal for {masking.data.reveal_minutes} min
              </Button>
              <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setOpen(false)}>
                Cancel
              </Button>
            </Group>
            {tooShort && (
              <Text size="xs" c="dimmed">
                Write at least {REASON_MIN} characters.
              </Text>
            )}
          </Stack>
        </form>
      )}
    </Stack>
  );
}
