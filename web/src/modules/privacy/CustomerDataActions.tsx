import { Alert, Badge, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { erasureError, erasureSummary, exportFileName, reasonProblem } from './erase-text';

type Erased = { erased_at: string; summary?: string };

/**
 * A customer's data request (docs/privacy.md#export-and-erasure), for `privacy:manage`: download
 * everything Tandem holds about them as JSON, or erase them for good, with a reason for the audit log.
 */
export function CustomerDataActions({
  customerId,
  name,
  erasedAt = null,
}: {
  customerId: string;
  name: string;
  erasedAt?: string | null;
}) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [erased, setErased] = useState<Erased | null>(erasedAt ? { erased_at: erasedAt } : null);
  const download = useMutation({
    mutationFn: async () => {
      const data = unwrap(
        await api.GET('/api/v1/customers/{id}/export', { params: { path: { id: customerId } } }),
      );
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = exportFileName(customerId);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      if (data.erased_at) setErased((e) => e ?? { erased_at: data.erased_at! });
    },
  });
  const erase = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/customers/{id}/erase', {
          params: { path: { id: customerId } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: (result) => {
      setErased({ erased_at: result.erased_at, summary: erasureSummary(result) });
      setConfirming(false);
      setReason('');
      // Names, subjects and messages changed everywhere: read every screen again, except the search
      // that found the customer (their email is gone, so it would find nothing and hide this state).
      void client.invalidateQueries({ predicate: (q) => q.queryKey[1] !== 'customer-search' });
    },
  });
  const clientProblem = reasonProblem(reason);
  const serverProblem = erase.error ? erasureError(erase.error) : null;
  const submit = () => {
    setTouched(true);
    if (!clientProblem) erase.mutate();
  };

  return (
    <Stack gap={6} data-testid="customer-data-actions">
      {erased && (
        <Alert color="gray" title="Erased" data-testid="customer-erased">
          <Group gap={6}>
            <Badge color="gray">Erased</Badge>
            <Text size="sm">
              Erased on {new Date(erased.erased_at).toLocaleString()}. {erased.summary}
            </Text>
          </Group>
        </Alert>
      )}
      <Group gap="xs">
        <Button size="xs" variant="default" loading={download.isPending} onClick={() => download.mutate()}>
          Download data (GDPR export)
        </Button>
        {!erased && (
          <Button size="xs" color="red" variant="light" onClick={() => setConfirming(true)}>
            Erase customer…
          </Button>
        )}
      </Group>
      {download.error && (
        <Alert color="red" role="alert">
          {download.error.message}
        </Alert>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Erase ${name}?`} size="lg">
        <Stack>
          <Text size="sm">
            This erases the customer’s personal data in every table, at once and for good. It{' '}
            <strong>cannot be undone</strong>; download the data first if the customer asked for it.
          </Text>
          <List size="sm" spacing={2}>
            <List.Item>
              deleted: their email addresses, phone numbers and other identities, attachments and stored
              emails
            </List.Item>
            <List.Item>
              replaced by “[erased]”: their name, the subjects, messages (yours too) and custom fields of
              their tickets, survey comments, call numbers and chat details
            </List.Item>
            <List.Item>customers merged into this one are erased with it</List.Item>
            <List.Item>
              kept: the tickets’ numbers, status, times and assignment, so reports, SLA and KPIs do not change
            </List.Item>
          </List>
          <Textarea
            label="Reason"
            description="Kept in the audit log for good: give the request’s reference, not the customer’s name or email."
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={(touched && clientProblem) || serverProblem?.reason}
          />
          {serverProblem?.other && (
            <Alert color="red" role="alert">
              {serverProblem.other}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" loading={erase.isPending} onClick={submit}>
              Erase for good
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
