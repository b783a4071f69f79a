import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { useVendors } from '../admin/queries';
import { contractVerdict } from './figures';

/**
 * The month's contract service levels per vendor: each target against what the vendor delivered,
 * met or missed and by how much (the API counts the contacts; its variant decides how abandons
 * count). Vendor users see their own targets only.
 */
export function ContractLevels({ month }: { month: string }) {
  const vendors = useVendors();
  const vendorNames = new Map((vendors.data ?? []).map((v) => [v.id, v.name]));
  const levels = useQuery({
    queryKey: ['governance', 'contract-levels', month],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/service-levels/attainment', { params: { query: { month } } })).items,
  });
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Contract service levels, {month} (UTC)
      </Title>
      <ListState noun="contract targets" query={levels} empty="No contract targets are set.">
        <Table striped aria-label="Contract service levels" data-testid="contract-levels">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>Contract</Table.Th>
              <Table.Th>Delivered</Table.Th>
              <Table.Th>Verdict</Table.Th>
              <Table.Th>Contacts</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(levels.data ?? []).map((row) => {
              const verdict = contractVerdict(row.target_percent, row.actual_percent);
              return (
                <Table.Tr key={`${row.target.id}-${row.site_id ?? ''}`} data-target={row.target.id}>
                  <Table.Td>{vendorNames.get(row.target.vendor_id) ?? 'Vendor'}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{row.target.name}</Text>
                    <Text size="xs" c="dimmed">
                      {row.formula}
                    </Text>
                  </Table.Td>
                  <Table.Td>{row.target_percent} %</Table.Td>
                  <Table.Td>
                    {row.actual_percent === null ? '–' : `${row.actual_percent.toFixed(1)} %`}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={verdict.color} variant="light" data-testid="verdict">
                      {verdict.text}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {row.contacts_counted.toLocaleString('en')}
                    {row.missed > 0 ? ` (${row.missed.toLocaleString('en')} missed)` : ''}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ListState>
    </Stack>
  );
}
