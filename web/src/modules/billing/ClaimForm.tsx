import {
  Alert,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import { ScrollTable } from '../../shared/ScrollTable';
import { ProblemAlert } from '../qa/ProblemAlert';
import { minorToMajorInput, parseMajorToMinor, reconciliationLineLabel } from './billing-format';
import { type ClaimLine, type Invoice, useSubmitClaim } from './queries';

/** What the vendor types per line: its figures as text, until they are parsed on submit. */
interface LineDraft {
  line: Required<Omit<ClaimLine, 'quantity' | 'rate_minor' | 'amount_minor'>>;
  quantity: string;
  rate: string;
  amount: string;
}

/** Tandem's lines as the vendor's starting point: the same keys, so only real differences show. */
const draftsFrom = (invoice: Invoice): LineDraft[] =>
  invoice.lines.map((l) => ({
    line: {
      kind: l.kind,
      currency: l.currency,
      model: l.model,
      channel: l.channel,
      language: l.language,
      tier: l.tier,
      service_level: l.service_level?.name ?? null,
      description: l.description,
    },
    quantity: String(l.quantity),
    rate: minorToMajorInput(l.rate_minor),
    amount: minorToMajorInput(l.amount_minor),
  }));

/** The drafts as claim lines, or the fields (`lines.3.amount_minor`) that are not numbers. */
export function parseDrafts(drafts: readonly LineDraft[]): {
  lines: ClaimLine[];
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const lines = drafts.map((d, i) => {
    const quantity = /^-?\d+(\.\d{1,3})?$/.test(d.quantity.trim()) ? Number(d.quantity.trim()) : null;
    const rate = parseMajorToMinor(d.rate, 4);
    const amount = parseMajorToMinor(d.amount, 0);
    if (quantity === null) errors[`lines.${i}.quantity`] = 'A number with at most 3 decimals';
    if (rate === null) errors[`lines.${i}.rate_minor`] = 'An amount such as 2.50 (at most 6 decimals)';
    if (amount === null) errors[`lines.${i}.amount_minor`] = 'An amount such as 1,200.00';
    return { ...d.line, quantity: quantity ?? 0, rate_minor: rate ?? 0, amount_minor: amount ?? 0 };
  });
  return { lines, errors };
}

/**
 * The vendor's own invoice: a CSV file (or the same CSV pasted) in the columns of the invoice's
 * Download CSV, or Tandem's lines edited in place. A bad cell is named by row and column, a bad
 * figure at its field; nothing is stored then.
 */
export function ClaimForm({ invoice }: { invoice: Invoice }) {
  const submit = useSubmitClaim(invoice.id);
  const [mode, setMode] = useState<'csv' | 'lines'>('csv');
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [drafts, setDrafts] = useState<LineDraft[]>(() => draftsFrom(invoice));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const problem =
    submit.error instanceof ApiError
      ? problemFieldErrors(submit.error.problem, ['csv', 'lines', 'comment'])
      : null;
  const fieldErrors = { ...(problem?.fields ?? {}), ...localErrors };
  const csvErrors = Object.entries(fieldErrors)
    .filter(([path]) => path.startsWith('csv'))
    .map(([, message]) => message);
  const extra = comment.trim() ? { comment: comment.trim() } : {};
  const done = () => {
    setCsv('');
    setComment('');
    setFileName('');
  };
  const send = () => {
    if (mode === 'csv') return submit.mutate({ csv, ...extra }, { onSuccess: done });
    const parsed = parseDrafts(drafts);
    setLocalErrors(parsed.errors);
    if (Object.keys(parsed.errors).length > 0) return;
    submit.mutate({ lines: parsed.lines, ...extra }, { onSuccess: done });
  };
  const edit = (i: number, field: 'quantity' | 'rate' | 'amount', value: string) =>
    setDrafts((all) => all.map((d, j) => (j === i ? { ...d, [field]: value } : d)));
  return (
    <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Submit your invoice
        </Text>
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as 'csv' | 'lines')}
          data={[
            { value: 'csv', label: 'Upload CSV' },
            { value: 'lines', label: 'Enter lines' },
          ]}
        />
      </Group>
      {mode === 'csv' ? (
        <>
          <Text size="xs" c="dimmed">
            A CSV with the columns of this invoice’s Download CSV (kind, currency, model, channel, language,
            tier, quantity, rate_minor, amount_minor, and service_level for credits and bonuses): download it,
            change what you bill differently, upload it back. Each submission is a new version.
          </Text>
          <label htmlFor="claim-file">
            <Text size="sm">Your invoice (CSV file)</Text>
          </label>
          <input
            id="claim-file"
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              setFileName(file.name);
              setCsv(await file.text());
            }}
          />
          <Textarea
            label="Or paste the CSV"
            rows={5}
            value={csv}
            onChange={(e) => {
              setCsv(e.currentTarget.value);
              setFileName('');
            }}
            error={csvErrors.length > 0 ? csvErrors.join(' ') : undefined}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          />
        </>
      ) : (
        <ScrollTable minWidth={800} label="Your lines">
          <Table aria-label="Your lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Quantity</Table.Th>
                <Table.Th>Rate ({invoice.lines[0]?.currency ?? ''})</Table.Th>
                <Table.Th>Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {drafts.map((d, i) => {
                const label = reconciliationLineLabel(d.line);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the lines are Tandem's, in its order
                  <Table.Tr key={i}>
                    <Table.Td>
                      <Text size="sm">{label}</Text>
                    </Table.Td>
                    {(
                      [
                        ['quantity', 'quantity', 'Quantity'],
                        ['rate', 'rate_minor', 'Rate'],
                        ['amount', 'amount_minor', `Amount (${d.line.currency})`],
                      ] as const
                    ).map(([field, path, name]) => (
                      <Table.Td key={field}>
                        <TextInput
                          aria-label={`${name}: ${label}`}
                          value={d[field]}
                          onChange={(e) => edit(i, field, e.currentTarget.value)}
                          error={fieldErrors[`lines.${i}.${path}`]}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Textarea
        label="Comment (optional)"
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
      />
      {problem && problem.other.length > 0 ? (
        <Alert color="red" role="alert">
          {problem.other.join(' ')}
        </Alert>
      ) : null}
      {submit.error && !(submit.error instanceof ApiError) ? <ProblemAlert error={submit.error} /> : null}
      <Group>
        <Button disabled={mode === 'csv' && csv.trim() === ''} loading={submit.isPending} onClick={send}>
          Submit invoice
        </Button>
        {fileName ? <Text size="sm">{fileName}</Text> : null}
        {submit.isSuccess ? (
          <Text size="sm" role="status">
            Submitted as version {submit.data.version}.
          </Text>
        ) : null}
      </Group>
    </Stack>
  );
}
