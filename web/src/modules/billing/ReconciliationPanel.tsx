import { Badge, Button, Group, NativeSelect, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { ScrollTable } from '../../shared/ScrollTable';
import { ProblemAlert } from '../qa/ProblemAlert';
import { useUserNames } from '../qa/user-names';
import {
  formatMoney,
  formatQuantity,
  formatRate,
  formatSignedMoney,
  reconciliationLineLabel,
  STATE_LABELS,
  statusLabel,
} from './billing-format';
import { ClaimForm } from './ClaimForm';
import {
  type Invoice,
  type Reconciliation,
  type ReconciliationLine,
  useComment,
  useDecide,
  useReconciliation,
} from './queries';

const STATUS_COLORS: Record<string, string> = {
  matched: 'teal.9',
  differs: 'red.9',
  only_tandem: 'grape.9',
  only_vendor: 'grape.9',
};

const HISTORY_WORDS: Record<string, string> = {
  claim: 'submitted invoice',
  comment: 'commented',
  accept: 'accepted',
  dispute: 'disputed',
};

/**
 * The vendor's own invoice against Tandem's: the vendor admin submits it (CSV in the columns of the
 * invoice's CSV export), everyone who reads the invoice sees the differences line by line and the
 * history; the brand's billing managers accept or dispute; both sides comment.
 */
export function ReconciliationPanel({
  invoice,
  manager,
  vendorAdmin,
}: {
  invoice: Invoice;
  manager: boolean;
  vendorAdmin: boolean;
}) {
  const recon = useReconciliation(invoice.id);
  const data = recon.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="reconciliation-title">
      <Group justify="space-between">
        <Title order={2} size="h3" id="reconciliation-title">
          Reconciliation
        </Title>
        {data ? (
          <Badge variant="light" data-testid="reconciliation-state">
            {STATE_LABELS[data.state] ?? data.state}
          </Badge>
        ) : null}
      </Group>
      {recon.error ? <ProblemAlert error={recon.error} /> : null}
      {data ? (
        <>
          <Text size="sm" c="dimmed">
            {data.claim
              ? `The vendor's invoice, version ${data.claim.version} of ${data.claim_versions} (submitted ${new Date(data.claim.submitted_at).toLocaleString('en-GB')}), against Tandem's. Differences are the vendor's minus Tandem's.`
              : 'The vendor has not submitted its own invoice yet.'}
          </Text>
          {vendorAdmin ? <ClaimForm invoice={invoice} /> : null}
          {data.result ? <Differences result={data.result} /> : null}
          {manager && data.claim ? (
            <DecisionForm invoiceId={invoice.id} version={data.claim.version} />
          ) : null}
          <History history={data.history} lines={data.result?.lines ?? []} />
          {manager || vendorAdmin ? (
            <CommentForm invoiceId={invoice.id} lines={data.result?.lines ?? []} />
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}

function Differences({ result }: { result: NonNullable<Reconciliation['result']> }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600} data-testid="reconciliation-agreed">
        {result.agreed ? 'Every line matches.' : 'The invoices differ.'}
      </Text>
      <ScrollTable minWidth={1000} label="Differences">
        <Table striped aria-label="Differences" data-testid="differences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th ta="right">Volume (Tandem / vendor)</Table.Th>
              <Table.Th ta="right">Rate (Tandem / vendor)</Table.Th>
              <Table.Th ta="right">Tandem</Table.Th>
              <Table.Th ta="right">Vendor</Table.Th>
              <Table.Th ta="right">Difference</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.lines.map((line) => (
              <Table.Tr key={line.key}>
                <Table.Td>{reconciliationLineLabel(line)}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} c={STATUS_COLORS[line.status] ?? 'gray.7'}>
                    {statusLabel(line)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{sides(line, (s) => formatQuantity(s.quantity))}</Table.Td>
                <Table.Td ta="right">
                  {sides(
                    line,
                    (s) => s.rates_minor.map((r) => formatRate(r, line.currency)).join(', ') || '—',
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {line.tandem ? formatMoney(line.tandem.amount_minor, line.currency) : '—'}
                </Table.Td>
                <Table.Td ta="right">
                  {line.vendor ? formatMoney(line.vendor.amount_minor, line.currency) : '—'}
                </Table.Td>
                <Table.Td ta="right" fw={line.amount_difference_minor === 0 ? undefined : 600}>
                  {formatSignedMoney(line.amount_difference_minor, line.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Table aria-label="Reconciliation totals" maw={700} data-testid="reconciliation-totals">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Currency</Table.Th>
            <Table.Th ta="right">Tandem</Table.Th>
            <Table.Th ta="right">Vendor</Table.Th>
            <Table.Th ta="right">Difference</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.entries(result.totals).map(([currency, t]) => (
            <Table.Tr key={currency}>
              <Table.Td>{currency}</Table.Td>
              <Table.Td ta="right">{formatMoney(t.tandem_minor, currency)}</Table.Td>
              <Table.Td ta="right">{formatMoney(t.vendor_minor, currency)}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {formatSignedMoney(t.difference_minor, currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

type Side = NonNullable<ReconciliationLine['tandem']>;
const sides = (line: ReconciliationLine, show: (s: Side) => string) =>
  `${line.tandem ? show(line.tandem) : '—'} / ${line.vendor ? show(line.vendor) : '—'}`;

function DecisionForm({ invoiceId, version }: { invoiceId: string; version: number }) {
  const decide = useDecide(invoiceId);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const send = (decision: 'accept' | 'dispute') => {
    if (!comment.trim()) return setMissing(true);
    setMissing(false);
    decide.mutate(
      { decision, comment: comment.trim(), claim_version: version },
      { onSuccess: () => setComment('') },
    );
  };
  return (
    <Stack gap="xs">
      <Textarea
        label={`Decision on version ${version}`}
        description="Say why: the vendor sees it in the history."
        withAsterisk
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        error={missing ? 'Write a comment with the decision.' : undefined}
      />
      <ProblemAlert error={decide.error} />
      <Group>
        <Button color="teal.9" loading={decide.isPending} onClick={() => send('accept')}>
          Accept vendor invoice
        </Button>
        <Button color="red.9" variant="outline" loading={decide.isPending} onClick={() => send('dispute')}>
          Dispute
        </Button>
      </Group>
    </Stack>
  );
}

function History({
  history,
  lines,
}: {
  history: Reconciliation['history'];
  lines: readonly ReconciliationLine[];
}) {
  const userName = useUserNames();
  const lineLabel = new Map(lines.map((l) => [l.key, reconciliationLineLabel(l)]));
  if (history.length === 0) return null;
  return (
    <Table aria-label="Reconciliation history" data-testid="reconciliation-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>Comment</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.map((entry) => (
          <Table.Tr key={entry.id}>
            <Table.Td>{new Date(entry.created_at).toLocaleString('en-GB')}</Table.Td>
            <Table.Td>{entry.author_id ? userName(entry.author_id) : 'someone'}</Table.Td>
            <Table.Td>
              {HISTORY_WORDS[entry.kind] ?? entry.kind}
              {entry.claim_version ? ` (version ${entry.claim_version})` : ''}
              {entry.line_key ? ` on ${lineLabel.get(entry.line_key) ?? entry.line_key}` : ''}
            </Table.Td>
            <Table.Td>{entry.comment ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function CommentForm({ invoiceId, lines }: { invoiceId: string; lines: readonly ReconciliationLine[] }) {
  const send = useComment(invoiceId);
  const [comment, setComment] = useState('');
  const [lineKey, setLineKey] = useState('');
  return (
    <Stack gap="xs">
      <Group align="flex-end" grow>
        <Textarea label="Comment" value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
        {lines.length > 0 ? (
          <NativeSelect
            label="About"
            value={lineKey}
            onChange={(e) => setLineKey(e.currentTarget.value)}
            data={[
              { value: '', label: 'The whole invoice' },
              ...lines.map((l) => ({ value: l.key, label: reconciliationLineLabel(l) })),
            ]}
          />
        ) : null}
      </Group>
      <ProblemAlert error={send.error} />
      <Group>
        <Button
          variant="default"
          disabled={comment.trim() === ''}
          loading={send.isPending}
          onClick={() =>
            send.mutate(
              { comment: comment.trim(), line_key: lineKey || null },
              { onSuccess: () => setComment('') },
            )
          }
        >
          Add comment
        </Button>
      </Group>
    </Stack>
  );
}
