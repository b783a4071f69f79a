import { Anchor, Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ExportCsv } from '../../shared/ExportCsv';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { useVendors } from '../admin/queries';
import { contractVerdict, formatSeconds } from './figures';

/**
 * The month's contract service levels per vendor: each target against what the vendor delivered,
 * met or missed and by how much (the API counts the contacts; its variant decides how abandons
 * count). Vendor users see their own targets only.
 */
export function ContractLevels({ month, vendorId }: { month: string; vendorId?: string }) {
  const [showMisses, setShowMisses] = useState<string | null>(null);
  const vendors = useVendors();
  const vendorNames = new Map((vendors.data ?? []).map((v) => [v.id, v.name]));
  const levels = useQuery({
    queryKey: ['governance', 'contract-levels', month],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/service-levels/attainment', { params: { query: { month } } })).items,
    select: (items) => (vendorId ? items.filter((i) => i.target.vendor_id === vendorId) : items),
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Contract service levels, {month} (UTC)
        </Title>
        <ExportCsv
          path="/api/v1/service-levels/attainment"
          query={{ month, vendor_id: vendorId }}
          label="Export CSV of contract service levels"
        />
      </Group>
      <ListState noun="contract targets" query={levels} empty="No contract targets are set.">
        <ScrollTable minWidth={760} label="Contract service levels">
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
                      {vendorId && row.missed > 0 && (
                        <Anchor
                          component="button"
                          size="sm"
                          ml="xs"
                          onClick={() => setShowMisses(showMisses === row.target.id ? null : row.target.id)}
                        >
                          {showMisses === row.target.id ? 'Hide misses' : 'Show misses'}
                        </Anchor>
                      )}
                      {showMisses === row.target.id && (
                        <Misses targetId={row.target.id} month={month} siteId={row.site_id ?? undefined} />
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
    </Stack>
  );
}

/** The contacts that missed a target's threshold in the month, each a link to its ticket. */
function Misses({ targetId, month, siteId }: { targetId: string; month: string; siteId?: string }) {
  const misses = useQuery({
    queryKey: ['governance', 'misses', targetId, month, siteId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/service-levels/attainment/{id}/misses', {
          params: { path: { id: targetId }, query: { month, ...(siteId ? { site_id: siteId } : {}) } },
        }),
      ).items,
  });
  return (
    <ListState noun="misses" query={misses} empty="No misses.">
      <ExportCsv
        path={`/api/v1/service-levels/attainment/${targetId}/misses`}
        query={{ month, site_id: siteId }}
        label="Export CSV of misses"
      />
      <List size="sm" mt="xs" data-testid="misses">
        {(misses.data ?? []).map((m) => (
          <List.Item key={m.ticket_id}>
            <Anchor
              size="sm"
              renderRoot={(props) => (
                <Link {...props} to="/tickets/$ticketId" params={{ ticketId: m.ticket_id }} />
              )}
            >
              #{m.number}
            </Anchor>{' '}
            {m.channel}, {m.outcome}
            {`, waited ${formatSeconds(m.wait_ms / 1000)}`}
          </List.Item>
        ))}
      </List>
    </ListState>
  );
}
