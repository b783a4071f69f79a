import { Badge, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ExportCsv } from '../../shared/ExportCsv';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';

const money = (minor: number, currency: string) =>
  `${(minor / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/**
 * A vendor's cost per contact of the month by channel: its invoice's total shared by channel
 * (channel lines to their channel, fees and credits by handled contacts; docs/billing.md), over each
 * channel's handled contacts. The shares of an invoice add up to its total.
 */
export function CostByChannel({ month, vendorId }: { month: string; vendorId: string }) {
  const query = { month, vendor_id: vendorId, group_by: 'channel' as const };
  const costs = useQuery({
    queryKey: ['governance', 'cost-per-contact', month, vendorId, 'channel'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/billing/cost-per-contact', { params: { query } })).rows,
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Cost per contact by channel, {month}
        </Title>
        <ExportCsv
          path="/api/v1/billing/cost-per-contact"
          query={query}
          label="Export CSV of cost per contact by channel"
        />
      </Group>
      <ListState noun="invoices" query={costs} empty={`No invoice for ${month}.`}>
        <ScrollTable minWidth={560} label="Cost per contact by channel">
          <Table striped aria-label="Cost per contact by channel" data-testid="cost-by-channel">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Cost per contact</Table.Th>
                <Table.Th>Share of the invoice</Table.Th>
                <Table.Th>Handled contacts</Table.Th>
                <Table.Th>Invoice</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(costs.data ?? []).map((r) => (
                <Table.Tr key={`${r.invoice_id}-${r.currency}-${r.channel ?? ''}`}>
                  <Table.Td>{r.channel ?? 'no channel'}</Table.Td>
                  <Table.Td>
                    <Tooltip
                      label={`${money(r.numerator_minor, r.currency)} / ${r.denominator.toLocaleString('en')} handled contacts`}
                    >
                      <Text size="sm" tabIndex={0}>
                        {r.value_minor === null ? '–' : money(r.value_minor, r.currency)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>{money(r.numerator_minor, r.currency)}</Table.Td>
                  <Table.Td>{r.denominator.toLocaleString('en')}</Table.Td>
                  <Table.Td>
                    <Badge
                      size="xs"
                      variant="light"
                      color={r.invoice_status === 'approved' ? 'teal' : 'gray'}
                      title={r.invoice_status === 'approved' ? 'Approved: final' : 'Draft: may still change'}
                    >
                      {r.invoice_status}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
    </Stack>
  );
}
