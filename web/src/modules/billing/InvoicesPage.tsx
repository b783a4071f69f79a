import { Anchor, Badge, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { AdminPage } from '../admin/AdminPage';
import { useVendorNames, useVendors } from '../admin/queries';
import { can, useMe } from '../auth/session';
import { NoAccess } from '../service-levels/NoAccess';
import { formatMoney, monthLabel, recentMonths } from './billing-format';
import { useContracts, useInvoices } from './queries';

const TITLE = 'Invoices';
const DESCRIPTION =
  'Each vendor contract’s monthly invoice, computed from measured volumes and service levels. A draft changes when recomputed; an approved invoice is frozen.';
/** How far back the month filter offers: two years of monthly invoices. */
const MONTHS_OFFERED = 24;

export function InvoicesPage() {
  const me = useMe().data;
  const allowed = me ? can(me, 'billing:read') : false;
  const [month, setMonth] = useState('');
  const [vendorId, setVendorId] = useState('');
  const invoices = useInvoices({ month: month || undefined, vendor_id: vendorId || undefined });
  const vendors = useVendors(allowed && !me?.vendorId);
  const vendorName = useVendorNames();
  const contracts = useContracts();
  const contractName = new Map((contracts.data ?? []).map((c) => [c.id, c.name]));
  const months = useMemo(() => recentMonths(new Date(), MONTHS_OFFERED), []);
  if (me && !allowed) return <NoAccess title={TITLE} description={DESCRIPTION} what="invoices" />;
  return (
    <AdminPage title={TITLE} description={DESCRIPTION}>
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label="Month"
          value={month}
          onChange={(e) => setMonth(e.currentTarget.value)}
          data={[
            { value: '', label: 'All months' },
            ...months.map((m) => ({ value: m, label: monthLabel(m) })),
          ]}
        />
        {me?.vendorId ? null : (
          <NativeSelect
            label="Vendor"
            value={vendorId}
            onChange={(e) => setVendorId(e.currentTarget.value)}
            data={[
              { value: '', label: 'All vendors' },
              ...(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name })),
            ]}
          />
        )}
      </Group>
      <ListState noun="invoices" query={invoices} empty="No invoices for these filters.">
        <ScrollTable minWidth={760} label="Invoices">
          <Table striped aria-label="Invoices" data-testid="invoices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Month</Table.Th>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Contract</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(invoices.data ?? []).map((invoice) => (
                <Table.Tr key={invoice.id}>
                  <Table.Td>
                    <Anchor
                      renderRoot={(props) => (
                        <Link
                          {...props}
                          to="/billing/invoices/$invoiceId"
                          params={{ invoiceId: invoice.id }}
                        />
                      )}
                    >
                      {monthLabel(invoice.month)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {me?.vendorId === invoice.vendor_id ? me.vendorName : vendorName(invoice.vendor_id)}
                  </Table.Td>
                  <Table.Td>{contractName.get(invoice.contract_id) ?? '—'}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={invoice.status} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {Object.entries(invoice.totals).map(([currency, t]) => (
                        <Text key={currency} size="sm">
                          {formatMoney(t.total_minor, currency)}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
    </AdminPage>
  );
}

export function StatusBadge({ status }: { status: 'draft' | 'approved' }) {
  return (
    <Badge color={status === 'approved' ? 'teal.9' : 'gray.7'} data-testid="invoice-status">
      {status === 'approved' ? 'Approved' : 'Draft'}
    </Badge>
  );
}
