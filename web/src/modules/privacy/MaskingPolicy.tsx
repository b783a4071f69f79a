import { Alert, Button, Checkbox, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';

const policyKey = ['privacy', 'masking-policy'] as const;

const ROLES = [
  { value: 'agent', label: 'Agents' },
  { value: 'team_lead', label: 'Team leads' },
  { value: 'vendor_admin', label: 'Vendor admins' },
  { value: 'qa_reviewer', label: 'QA reviewers' },
] as const;
type MaskableRole = (typeof ROLES)[number]['value'];

/**
 * The brand's masking policy (docs/privacy.md#masking): which roles of outsourced vendors see customer
 * data masked, which of them may reveal one customer with a reason, and for how long.
 */
export function MaskingPolicy() {
  const client = useQueryClient();
  const policy = useQuery({
    queryKey: policyKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/privacy/masking-policy')),
  });
  const [masked, setMasked] = useState<MaskableRole[]>([]);
  const [reveal, setReveal] = useState<MaskableRole[]>([]);
  const [minutes, setMinutes] = useState<number | string>(15);
  useEffect(() => {
    if (!policy.data) return;
    setMasked(policy.data.masked_roles);
    setReveal(policy.data.reveal_roles);
    setMinutes(policy.data.reveal_minutes);
  }, [policy.data]);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/api/v1/privacy/masking-policy', {
          body: {
            masked_roles: masked,
            reveal_roles: reveal.filter((r) => masked.includes(r)),
            reveal_minutes: Number(minutes),
          },
        }),
      ),
    onSuccess: (saved) => {
      client.setQueryData(policyKey, saved);
      void client.invalidateQueries({ queryKey: ['privacy'] });
    },
  });
  const errors =
    save.error instanceof ApiError
      ? problemFieldErrors(save.error.problem, ['masked_roles', 'reveal_roles', 'reveal_minutes'])
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} aria-label="Masking of customer data">
        <Stack>
          <Title order={2} size="h3">
            Masking of customer data
          </Title>
          <Text size="sm">
            People of outsourced vendors in these roles see customers’ names, email addresses, phone numbers,
            card numbers and other personal data masked. Your staff and your in-house team always see it.
          </Text>
          {policy.error && (
            <Alert color="red" role="alert">
              {policy.error.message}
            </Alert>
          )}
          <Checkbox.Group
            label="Masked for"
            value={masked}
            onChange={(v) => setMasked(v as MaskableRole[])}
            error={errors?.fields.masked_roles}
          >
            <Group mt={4}>
              {ROLES.map((r) => (
                <Checkbox key={r.value} value={r.value} label={r.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox.Group
            label="May reveal one customer, giving a reason (kept in the audit log)"
            value={reveal.filter((r) => masked.includes(r))}
            onChange={(v) => setReveal(v as MaskableRole[])}
            error={errors?.fields.reveal_roles}
          >
            <Group mt={4}>
              {ROLES.map((r) => (
                <Checkbox
                  key={r.value}
                  value={r.value}
                  label={r.label}
                  disabled={!masked.includes(r.value)}
                />
              ))}
            </Group>
          </Checkbox.Group>
          <NumberInput
            label="A reveal lasts (minutes)"
            min={1}
            max={480}
            w={200}
            value={minutes}
            onChange={setMinutes}
            error={errors?.fields.reveal_minutes}
          />
          {errors?.other.map((m) => (
            <Alert key={m} color="red" role="alert">
              {m}
            </Alert>
          ))}
          {save.isSuccess && !save.isPending && (
            <Text size="sm" c="green.8" data-testid="masking-saved">
              Saved. It applies to the next screen each person opens.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save masking
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
