import { Alert, Anchor, Button, Group, List, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { isNotFound } from '../../api/errors';
import { NotFoundPage } from '../../app/NotFoundPage';
import { csvHref } from '../../shared/ExportCsv';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { useVendorNames } from '../admin/queries';
import { can, useMe } from '../auth/session';
import { ProblemAlert } from '../qa/ProblemAlert';
import { formatMoney, formatQuantity, formatRate, KIND_LABELS, monthLabel } from './billing-format';
import { StatusBadge } from './InvoicesPage';
import { type Invoice, useApprove, useContracts, useInvoice, useRecompute } from './queries';
import { ReconciliationPanel } from './ReconciliationPanel';

export function InvoiceRoute() {
  const { invoiceId } = useParams({ from: '/app/billing/invoices/$invoiceId' });
  return <InvoicePage invoiceId={invoiceId} />;
}

/**
 * One invoice: header, lines (with the attainment behind each SLA credit or bonus), totals per
 * currency, its PDF and CSV, approval and recomputation of a draft, and the reconciliation with the
 * vendor's own invoice. Another vendor's invoice is a 404, shown as "not found".
 */
export function InvoicePage({ invoiceId }: { invoiceId: string }) {
  const me = useMe().data;
  const invoice = useInvoice(invoiceId);
  if (invoice.isError && isNotFound(invoice.error)) return <NotFoundPage title="Invoice not found" />;
  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to="/billing/invoices" size="sm">
        ← All invoices
      </Anchor>
      <ListState noun="the invoice" query={{ ...invoice, data: invoice.data ? [invoice.data] : undefined }}>
        {invoice.data && me ? (
          <InvoiceView
            invoice={invoice.data}
            manager={can(me, 'billing:manage')}
            ownVendor={me.vendorId === invoice.data.vendor_id ? me.vendorName : null}
          />
        ) : null}
      </ListState>
      {invoice.data && me ? (
        <ReconciliationPanel
          invoice={invoice.data}
          manager={can(me, 'billing:manage')}
          vendorAdmin={me.role === 'vendor_admin' && me.vendorId === invoice.data.vendor_id}
        />
      ) : null}
    </Stack>
  );
}

function InvoiceView({
  invoice,
  manager,
  ownVendor,
}: {
  invoice: Invoice;
  manager: boolean;
  ownVendor: string | null;
}) {
  const vendorName = useVendorNames();
  const contracts = useContracts();
  const contract = (contracts.data ?? []).find((c) => c.id === invoice.contract_id);
  const [confirming, setConfirming] = useState(false);
  const approve = useApprove(invoice.id);
  const recompute = useRecompute(invoice.contract_id);
  const draft = invoice.status === 'draft';
  const base = `/api/v1/billing/invoices/${invoice.id}`;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Invoice {monthLabel(invoice.month)}
          </Title>
          <Text size="sm" data-testid="invoice-header">
            {ownVendor ?? vendorName(invoice.vendor_id)} · {contract?.name ?? 'Contract'} · {invoice.month}
          </Text>
        </div>
        <Group gap="xs">
          <StatusBadge status={invoice.status} />
          <Button component="a" href={`${base}.pdf`} download variant="default">
            Download PDF
          </Button>
          <Button component="a" href={csvHref(base, {})} download variant="default">
            Download CSV
          </Button>
          {manager && draft ? (
            <>
              <Button
                variant="light"
                loading={recompute.isPending}
                onClick={() => recompute.mutate(invoice.month)}
              >
                Recompute
              </Button>
              <Button onClick={() => setConfirming(true)}>Approve</Button>
            </>
          ) : null}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {draft
          ? `Draft computed ${new Date(invoice.computed_at).toLocaleString('en-GB')}: recomputing it takes the current volumes and service levels.`
          : `Approved ${invoice.approved_at ? new Date(invoice.approved_at).toLocaleString('en-GB') : ''}: its lines, totals and the figures behind them are frozen.`}
      </Text>
      <ProblemAlert error={recompute.error ?? approve.error} />
      <LinesTable invoice={invoice} />
      <TotalsTable totals={invoice.totals} />
      {invoice.notes.length > 0 ? (
        <List size="sm">
          {invoice.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      ) : null}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Approve this invoice?">
        <Stack>
          <Text size="sm">
            Once approved, its lines, totals and the volumes and service levels behind them are frozen: it can
            no longer be recomputed.
          </Text>
          <ProblemAlert error={approve.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              loading={approve.isPending}
              onClick={() => approve.mutate(undefined, { onSuccess: () => setConfirming(false) })}
            >
              Approve invoice
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function LinesTable({ invoice }: { invoice: Invoice }) {
  return (
    <ScrollTable minWidth={900} label="Invoice lines">
      <Table striped aria-label="Invoice lines" data-testid="invoice-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>Tier</Table.Th>
            <Table.Th ta="right">Quantity</Table.Th>
            <Table.Th ta="right">Rate</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoice.lines.map((line, i) => (
            // Lines have no id; their order is the invoice's own and never changes.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Table.Tr key={i}>
              <Table.Td>{KIND_LABELS[line.kind] ?? line.kind}</Table.Td>
              <Table.Td>
                <Text size="sm">{line.description}</Text>
                {line.service_level ? (
                  <Text size="xs" c="dimmed">
                    {line.service_level.name}: {line.service_level.actual_percent} % against a target of{' '}
                    {line.service_level.target_percent} % ({Math.abs(line.service_level.points)} points{' '}
                    {line.service_level.points >= 0 ? 'below' : 'above'}),{' '}
                    {line.service_level.percent_applied} % applied
                    {line.service_level.capped ? ' (capped)' : ''} ·{' '}
                    <Anchor
                      size="xs"
                      href={csvHref(
                        `/api/v1/service-levels/attainment/${line.service_level.service_level_target_id}/misses`,
                        { month: invoice.month },
                      )}
                      download
                    >
                      Misses (CSV)
                    </Anchor>
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{line.tier ?? ''}</Table.Td>
              <Table.Td ta="right">
                {formatQuantity(line.quantity)} {line.unit}
              </Table.Td>
              <Table.Td ta="right">
                {line.kind === 'usage' ? formatRate(line.rate_minor, line.currency) : ''}
              </Table.Td>
              <Table.Td ta="right">{formatMoney(line.amount_minor, line.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function TotalsTable({ totals }: { totals: Invoice['totals'] }) {
  const entries = Object.entries(totals);
  if (entries.length === 0) return <Alert color="gray">No amounts.</Alert>;
  return (
    <Table aria-label="Totals per currency" data-testid="invoice-totals" maw={700}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Currency</Table.Th>
          <Table.Th ta="right">Fees</Table.Th>
          <Table.Th ta="right">SLA credits</Table.Th>
          <Table.Th ta="right">SLA bonuses</Table.Th>
          <Table.Th ta="right">Total</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map(([currency, t]) => (
          <Table.Tr key={currency}>
            <Table.Td>{currency}</Table.Td>
            <Table.Td ta="right">{formatMoney(t.fees_minor, currency)}</Table.Td>
            <Table.Td ta="right">{formatMoney(t.credits_minor, currency)}</Table.Td>
            <Table.Td ta="right">{formatMoney(t.bonuses_minor, currency)}</Table.Td>
            <Table.Td ta="right" fw={600}>
              {formatMoney(t.total_minor, currency)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
