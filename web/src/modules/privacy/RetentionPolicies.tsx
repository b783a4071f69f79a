import { Alert, Button, Group, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { retentionPut } from '../../api/server-schemas';
import {
  channelLabel,
  describeRetention,
  problemIssues,
  type RetentionField,
  type RetentionRow,
  retentionBody,
  retentionErrors,
  rowsFromPolicies,
} from './retention-form';

const retentionKey = ['privacy', 'retention'] as const;

type Errors = ReturnType<typeof retentionErrors>;

/**
 * The brand's retention per channel (docs/privacy.md#retention): how long attachments are kept and
 * when a closed ticket's conversation is redacted, applied nightly. Empty keeps that kind of data.
 */
export function RetentionPolicies() {
  const client = useQueryClient();
  const saved = useQuery({
    queryKey: retentionKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/privacy/retention')),
  });
  const [rows, setRows] = useState<RetentionRow[]>(() => rowsFromPolicies([]));
  const [errors, setErrors] = useState<Errors | null>(null);
  useEffect(() => {
    if (saved.data) setRows(rowsFromPolicies(saved.data.policies));
  }, [saved.data]);
  const save = useMutation({
    mutationFn: async (body: ReturnType<typeof retentionBody>) =>
      unwrap(await api.PUT('/api/v1/privacy/retention', { body })),
    onSuccess: (view) => client.setQueryData(retentionKey, view),
    onError: (error, body) =>
      setErrors(
        error instanceof ApiError
          ? retentionErrors(problemIssues(error.problem), body)
          : { fields: {}, other: [error.message] },
      ),
  });
  const set = (index: number, field: RetentionField, value: number | string) => {
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, [field]: value } : r)));
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = retentionBody(rows);
    const parsed = retentionPut.safeParse(body);
    if (!parsed.success) {
      setErrors(
        retentionErrors(
          parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
          body,
        ),
      );
      return;
    }
    setErrors(null);
    save.mutate(body);
  };

  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} aria-label="Retention of customer data" noValidate>
        <Stack>
          <Title order={2} size="h3">
            Retention of customer data
          </Title>
          <Text size="sm">
            Per channel, how long Tandem keeps attachments, and when a closed ticket’s conversation is
            redacted. Tandem applies this every night at 02:30 UTC. Leave a period empty to keep that data.
          </Text>
          {saved.error && (
            <Alert color="red" role="alert">
              {saved.error.message}
            </Alert>
          )}
          {saved.isPending && (
            <Text size="sm" c="dimmed">
              Loading…
            </Text>
          )}
          {saved.data && (
            <Table aria-label="Retention per channel" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Delete attachments after (days)</Table.Th>
                  <Table.Th>Redact closed tickets after (days)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  <Table.Tr key={row.channel}>
                    <Table.Td>{channelLabel(row.channel)}</Table.Td>
                    {(['attachments_days', 'redact_closed_after_days'] as const).map((field) => (
                      <Table.Td key={field}>
                        <NumberInput
                          aria-label={`${channelLabel(row.channel)}: ${
                            field === 'attachments_days'
                              ? 'delete attachments after (days)'
                              : 'redact closed tickets after (days)'
                          }`}
                          placeholder="Keep"
                          allowDecimal={false}
                          allowNegative={false}
                          w={130}
                          value={row[field]}
                          onChange={(v) => set(index, field, v)}
                          error={errors?.fields[`${row.channel}.${field}`]}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Stack
            gap={4}
            component="ul"
            data-testid="retention-explained"
            style={{ paddingLeft: 18, margin: 0 }}
          >
            {rows.map((row) => (
              <Text key={row.channel} size="sm" component="li">
                {describeRetention(row)}
              </Text>
            ))}
          </Stack>
          {errors?.other.map((m) => (
            <Alert key={m} color="red" role="alert">
              {m}
            </Alert>
          ))}
          {save.isSuccess && (
            <Text size="sm" c="#1b5e20" data-testid="retention-saved">
              Saved. The next nightly run applies it.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!saved.data}>
              Save retention
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
