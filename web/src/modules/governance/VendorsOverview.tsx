import { Anchor, Badge, Button, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { can, useMe } from '../auth/session';
import { ContractLevels } from './ContractLevels';
import { CostPerContactCell, useCostPerContact } from './CostPerContactCell';
import { FigureCell } from './FigureCell';
import { contractMonth, figureOf, OVERVIEW_COLUMNS, type PeriodPreset, periodOf, todayIn } from './figures';
import { PeriodControl } from './PeriodControl';
import { ReviewComments } from './ReviewComments';
import { SharesVsTarget } from './SharesVsTarget';

async function fetchReport(from: string, to: string, tz: string) {
  return unwrap(
    await api.GET('/api/v1/analytics/kpis', { params: { query: { from, to, tz, group_by: 'vendor' } } }),
  );
}

/**
 * Every vendor and the in-house team side by side for a period, in the reader's time zone, each
 * figure with its meaning, numerator and denominator on hover and its change against the previous
 * period. Vendor users see their own vendor only (the API scopes the report).
 */
export function VendorsOverview() {
  const me = useMe();
  const [preset, setPreset] = useState<PeriodPreset>('last30');
  const [commenting, setCommenting] = useState<{ id: string; name: string } | null>(null);
  const canComment = me.data ? can(me.data, 'analytics:manage') : false;
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const period = periodOf(preset, todayIn(tz));
  const current = useQuery({
    queryKey: ['governance', 'overview', period.from, period.to, tz],
    queryFn: () => fetchReport(period.from, period.to, tz),
  });
  const previous = useQuery({
    queryKey: ['governance', 'overview', period.previous.from, period.previous.to, tz],
    queryFn: () => fetchReport(period.previous.from, period.previous.to, tz),
  });
  const backlog = useQuery({
    queryKey: ['governance', 'backlog', 'vendor'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/analytics/backlog', { params: { query: { group_by: 'vendor' } } })),
  });
  const rows = current.data?.rows ?? [];
  const reviewMonth = contractMonth(preset);
  const canSeeCost = me.data ? can(me.data, 'billing:read') : false;
  const costs = useCostPerContact(reviewMonth, canSeeCost);
  const csv = `/api/v1/analytics/kpis?${new URLSearchParams({ from: period.from, to: period.to, tz, group_by: 'vendor', format: 'csv' })}`;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h3">
          Vendors overview
        </Title>
        <Group gap="sm">
          <PeriodControl value={preset} onChange={setPreset} />
          <Anchor href={csv} download size="sm">
            Export CSV
          </Anchor>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {period.from} to {period.to} (exclusive), {tz}; changes against {period.previous.from} to{' '}
        {period.previous.to}. Hover a figure for what it counts.
      </Text>
      <ListState
        noun="vendor figures"
        query={{ error: current.error, isPending: current.isPending, data: rows }}
        empty="No contacts in this period."
      >
        <ScrollTable minWidth={1400} label="Vendors overview">
          <Table striped highlightOnHover aria-label="Vendors overview" data-testid="vendors-overview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Contacts</Table.Th>
                {canSeeCost && <Table.Th>Cost per contact {reviewMonth}</Table.Th>}
                {OVERVIEW_COLUMNS.map((f) => (
                  <Table.Th key={f.key}>{f.label}</Table.Th>
                ))}
                <Table.Th>Backlog</Table.Th>
                <Table.Th>Review {reviewMonth}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const before = previous.data?.rows.find((r) => r.key === row.key);
                const share =
                  current.data && current.data.total.contacts > 0
                    ? row.kpis.contacts / current.data.total.contacts
                    : null;
                return (
                  <Table.Tr key={row.key ?? 'none'} data-vendor={row.key ?? ''}>
                    <Table.Td>
                      {row.key ? (
                        <Anchor
                          size="sm"
                          fw={600}
                          renderRoot={(props) => (
                            <Link
                              {...props}
                              to="/vendors-overview/$vendorId"
                              params={{ vendorId: row.key as string }}
                              search={{ period: preset, interval: 'day' }}
                            />
                          )}
                        >
                          {row.label ?? row.key}
                        </Anchor>
                      ) : (
                        <Text size="sm" fw={600}>
                          No vendor (brand)
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{row.kpis.contacts.toLocaleString('en')}</Text>
                      {share !== null && (
                        <Badge variant="light" size="sm" title="Share of all contacts in the period">
                          {(share * 100).toFixed(0)} %
                        </Badge>
                      )}
                    </Table.Td>
                    {canSeeCost && (
                      <Table.Td>
                        <CostPerContactCell
                          month={reviewMonth}
                          rows={(costs.data?.rows ?? []).filter((c) => c.vendor_id === row.key)}
                          inhouse={
                            row.key && costs.data?.inhouse?.vendor_ids.includes(row.key)
                              ? costs.data.inhouse
                              : null
                          }
                        />
                      </Table.Td>
                    )}
                    {OVERVIEW_COLUMNS.map((f) => (
                      <FigureCell
                        key={f.key}
                        spec={f}
                        current={figureOf(row, f.key)}
                        previous={figureOf(before, f.key)}
                      />
                    ))}
                    <Table.Td>
                      <BacklogCell row={backlog.data?.rows.find((r) => r.key === row.key)} />
                    </Table.Td>
                    <Table.Td>
                      {row.key && (
                        <Stack gap={2} align="flex-start">
                          <Anchor
                            href={`/api/v1/vendors/${row.key}/business-reviews/${reviewMonth}.pdf?${new URLSearchParams({ tz })}`}
                            download
                            size="sm"
                          >
                            Review pack (PDF)
                          </Anchor>
                          {canComment && (
                            <Button
                              variant="subtle"
                              size="compact-xs"
                              onClick={() =>
                                row.key && setCommenting({ id: row.key, name: row.label ?? row.key })
                              }
                            >
                              Comments
                            </Button>
                          )}
                        </Stack>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
      <ContractLevels month={reviewMonth} />
      {me.data && can(me.data, 'routing:read') && <SharesVsTarget />}
      {commenting && (
        <ReviewComments
          vendorId={commenting.id}
          vendorName={commenting.name}
          month={reviewMonth}
          onClose={() => setCommenting(null)}
        />
      )}
    </Stack>
  );
}

/** Open tickets now and how many are over a week old; the vendor page splits them by every age. */
function BacklogCell({ row }: { row?: { open: number; ages: { label: string; count: number }[] } }) {
  if (!row) return <Text size="sm">0</Text>;
  const old = row.ages.find((a) => a.label === '>7d')?.count ?? 0;
  return (
    <Tooltip
      label="Open tickets now (not solved or closed); the badge counts those older than 7 days."
      multiline
      w={240}
    >
      <Stack gap={0} tabIndex={0} aria-label={`Backlog: ${row.open} open, ${old} older than 7 days`}>
        <Text size="sm">{row.open.toLocaleString('en')}</Text>
        {old > 0 && (
          // Plain text: a badge's uppercase letters were cut off in the narrow column.
          <Text size="xs" c="red.9" style={{ whiteSpace: 'nowrap' }}>
            {old} over 7 d
          </Text>
        )}
      </Stack>
    </Tooltip>
  );
}
