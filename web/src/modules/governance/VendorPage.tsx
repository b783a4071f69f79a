import { BarChart, LineChart } from '@mantine/charts';
import {
  Anchor,
  Badge,
  Breadcrumbs,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ExportCsv } from '../../shared/ExportCsv';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { useVendors } from '../admin/queries';
import { can, useMe } from '../auth/session';
import { ContractLevels } from './ContractLevels';
import { CostByChannel } from './CostByChannel';
import {
  chartRows,
  deeper,
  filtersOf,
  LEVEL_NAMES,
  type Level,
  nextLevel,
  parseVendorSearch,
  upTo,
  type VendorSearch,
} from './drill';
import { FigureCell } from './FigureCell';
import {
  CONTACTS_SPEC,
  contractMonth,
  figureOf,
  NOT_DRILLABLE,
  OVERVIEW_FIGURES,
  periodOf,
  todayIn,
} from './figures';
import { PeriodControl } from './PeriodControl';
import { TicketsBehindDrawer, TicketsBehindList, type TicketsBehindRequest } from './TicketsBehind';

function useBreakdown(
  from: string,
  to: string,
  tz: string,
  groupBy: Level,
  filters: ReturnType<typeof filtersOf>,
) {
  return useQuery({
    queryKey: ['governance', 'breakdown', from, to, tz, groupBy, filters],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/kpis', {
          params: { query: { from, to, tz, group_by: groupBy, ...filters } },
        }),
      ),
  });
}

/**
 * One vendor over a period: trends by day or week, the breakdown vendor → site → team → agent with
 * the tickets behind any figure, the backlog by age, and the month's contract service levels. The
 * view lives in the address (period, interval, site, team, agent), so it can be shared.
 */
export function VendorPage() {
  const { vendorId } = useParams({ strict: false }) as { vendorId: string };
  const search = parseVendorSearch(useSearch({ strict: false }) as Record<string, unknown>);
  const navigate = useNavigate();
  const me = useMe();
  const canSeeCost = me.data ? can(me.data, 'billing:read') : false;
  const go = (next: VendorSearch) =>
    navigate({ to: '/vendors-overview/$vendorId', params: { vendorId }, search: next as never });
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const period = periodOf(search.period, todayIn(tz));
  const filters = filtersOf(vendorId, search);
  const level = nextLevel(search);
  const [drill, setDrill] = useState<TicketsBehindRequest | null>(null);

  const vendors = useVendors();
  const vendorName = vendors.data?.find((v) => v.id === vendorId)?.name ?? 'Vendor';

  const groupBy: Level = level ?? 'agent';
  const current = useBreakdown(period.from, period.to, tz, groupBy, filters);
  const previous = useBreakdown(period.previous.from, period.previous.to, tz, groupBy, filters);
  const trend = useQuery({
    queryKey: ['governance', 'trend', vendorId, search, period.from, period.to, tz],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/kpis/trend', {
          params: { query: { from: period.from, to: period.to, tz, interval: search.interval, ...filters } },
        }),
      ),
  });
  const backlog = useQuery({
    queryKey: ['governance', 'backlog', vendorId, search],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/backlog', { params: { query: { group_by: groupBy, ...filters } } }),
      ),
  });

  // Names along the breadcrumb come from the rows the user clicked through.
  const [names, setNames] = useState<Record<string, string>>({});
  const crumbs: { level: 'vendor' | Level; label: string }[] = [{ level: 'vendor', label: vendorName }];
  if (search.site) crumbs.push({ level: 'site', label: names[search.site] ?? 'Site' });
  if (search.team) crumbs.push({ level: 'team', label: names[search.team] ?? 'Team' });
  if (search.agent) crumbs.push({ level: 'agent', label: names[search.agent] ?? 'Agent' });
  const here = crumbs.map((c) => c.label).join(' › ');

  const open = (spec: TicketsBehindRequest['spec'], extra: Record<string, string>, who: string) =>
    setDrill({
      spec,
      title: `${spec.label} — ${who}, ${period.from} to ${period.to}`,
      from: period.from,
      to: period.to,
      tz,
      filters: { ...filters, ...extra },
    });

  const rows = chartRows(trend.data?.buckets ?? []);
  const csvQuery = new URLSearchParams({
    from: period.from,
    to: period.to,
    tz,
    group_by: groupBy,
    format: 'csv',
    ...filters,
  });

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Stack gap={2}>
          <Anchor component={Link} to="/vendors-overview" size="sm">
            ← Vendors overview
          </Anchor>
          <Title order={1} size="h3">
            {vendorName}
          </Title>
          <nav aria-label="Drill-down">
            <Breadcrumbs>
              {crumbs.map((c, i) =>
                i === crumbs.length - 1 ? (
                  <Text key={c.level} size="sm" fw={600} aria-current="location">
                    {c.label}
                  </Text>
                ) : (
                  <Anchor
                    key={c.level}
                    size="sm"
                    component="button"
                    onClick={() => go(upTo(search, c.level))}
                  >
                    {c.label}
                  </Anchor>
                ),
              )}
            </Breadcrumbs>
          </nav>
        </Stack>
        <Group gap="sm">
          <PeriodControl value={search.period} onChange={(period) => go({ ...search, period })} />
          <SegmentedControl
            aria-label="Trend by"
            value={search.interval}
            onChange={(v) => go({ ...search, interval: v as 'day' | 'week' })}
            data={[
              { value: 'day', label: 'Days' },
              { value: 'week', label: 'Weeks' },
            ]}
          />
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {period.from} to {period.to} (exclusive), {tz}. Hover a figure for what it counts; click it for the
        tickets behind it.
      </Text>

      <Group justify="space-between">
        <Title order={2} size="h4">
          Trends
        </Title>
        <ExportCsv
          path="/api/v1/analytics/kpis/trend"
          query={{ from: period.from, to: period.to, tz, interval: search.interval, ...filters }}
          label="Export CSV of trends"
        />
      </Group>
      <ListState
        noun="trends"
        query={{ error: trend.error, isPending: trend.isPending, data: rows }}
        empty="No activity in this period."
      >
        <SimpleGrid cols={{ base: 1, lg: 3 }} data-testid="trends">
          <Paper withBorder p="sm" aria-label={`Contacts per ${search.interval}`} role="figure">
            <Text size="sm" fw={600} mb="xs">
              Contacts per {search.interval}
            </Text>
            <BarChart h={180} data={rows} dataKey="date" series={[{ name: 'Contacts', color: 'blue.6' }]} />
          </Paper>
          <Paper withBorder p="sm" aria-label="Response and resolution times" role="figure">
            <Text size="sm" fw={600} mb="xs">
              First response and resolution (hours)
            </Text>
            <LineChart
              h={180}
              data={rows}
              dataKey="date"
              connectNulls={false}
              withLegend
              series={[
                { name: 'First response (h)', color: 'indigo.6' },
                { name: 'Resolution (h)', color: 'orange.6' },
              ]}
            />
          </Paper>
          <Paper withBorder p="sm" aria-label="SLA met, FCR and CSAT" role="figure">
            <Text size="sm" fw={600} mb="xs">
              SLA met, FCR and CSAT (%)
            </Text>
            <LineChart
              h={180}
              data={rows}
              dataKey="date"
              yAxisProps={{ domain: [0, 100] }}
              connectNulls={false}
              withLegend
              series={[
                { name: 'SLA met %', color: 'teal.6' },
                { name: 'FCR %', color: 'grape.6' },
                { name: 'CSAT %', color: 'yellow.7' },
              ]}
            />
          </Paper>
        </SimpleGrid>
      </ListState>

      {level === null ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            Tickets of {here}
          </Title>
          <TicketsBehindList
            request={{
              spec: CONTACTS_SPEC,
              title: here,
              from: period.from,
              to: period.to,
              tz,
              filters,
            }}
          />
        </Stack>
      ) : null}

      <Group justify="space-between">
        <Title order={2} size="h4">
          {level ? `By ${LEVEL_NAMES[level].toLowerCase()}` : 'This agent'}
        </Title>
        <Anchor href={`/api/v1/analytics/kpis?${csvQuery}`} download size="sm">
          Export CSV
        </Anchor>
      </Group>
      <ListState
        noun="figures"
        query={{ error: current.error, isPending: current.isPending, data: current.data?.rows }}
        empty="No contacts in this period."
      >
        <ScrollTable minWidth={1200} label={`Figures by ${groupBy}`}>
          <Table striped highlightOnHover aria-label={`Figures by ${groupBy}`} data-testid="breakdown">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{LEVEL_NAMES[groupBy]}</Table.Th>
                <Table.Th>Contacts</Table.Th>
                {OVERVIEW_FIGURES.map((f) => (
                  <Table.Th key={f.key}>{f.label}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(current.data?.rows ?? []).map((row) => {
                const before = previous.data?.rows.find((r) => r.key === row.key);
                const label = row.label ?? `No ${groupBy}`;
                // A row with no site/team/agent set cannot be narrowed to; its figures still open.
                const rowFilter: Record<string, string> = row.key ? { [`${groupBy}_id`]: row.key } : {};
                return (
                  <Table.Tr key={row.key ?? 'none'} data-key={row.key ?? ''}>
                    <Table.Td>
                      {row.key && level ? (
                        <UnstyledButton
                          onClick={() => {
                            setNames({ ...names, [row.key as string]: label });
                            go(deeper(search, row.key as string));
                          }}
                          aria-label={`Open ${label}`}
                        >
                          <Text size="sm" fw={600} c="blue.8" td="underline">
                            {label}
                          </Text>
                        </UnstyledButton>
                      ) : (
                        <Text size="sm" fw={600}>
                          {label}
                        </Text>
                      )}
                    </Table.Td>
                    <FigureCell
                      spec={CONTACTS_SPEC}
                      current={{
                        value: row.kpis.contacts,
                        numerator: row.kpis.contacts,
                        denominator: row.kpis.contacts,
                        variant: 'contacts.created',
                      }}
                      previous={
                        before
                          ? {
                              value: before.kpis.contacts,
                              numerator: before.kpis.contacts,
                              denominator: before.kpis.contacts,
                              variant: 'contacts.created',
                            }
                          : null
                      }
                      onOpen={() => open(CONTACTS_SPEC, rowFilter, label)}
                    />
                    {OVERVIEW_FIGURES.map((f) => (
                      <FigureCell
                        key={f.key}
                        spec={f}
                        current={figureOf(row, f.key)}
                        previous={figureOf(before, f.key)}
                        onOpen={NOT_DRILLABLE.has(f.key) ? undefined : () => open(f, rowFilter, label)}
                      />
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>

      <Group justify="space-between">
        <Title order={2} size="h4">
          Backlog now, by age
        </Title>
        <ExportCsv
          path="/api/v1/analytics/backlog"
          query={{ group_by: groupBy, ...filters }}
          label="Export CSV of backlog"
        />
      </Group>
      <ListState
        noun="backlog"
        query={{ error: backlog.error, isPending: backlog.isPending, data: backlog.data?.rows }}
        empty="No open tickets."
      >
        <ScrollTable minWidth={560} label="Backlog by age">
          <Table striped aria-label="Backlog by age" data-testid="backlog">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{LEVEL_NAMES[groupBy]}</Table.Th>
                <Table.Th>Open</Table.Th>
                {(backlog.data?.rows[0]?.ages ?? []).map((a) => (
                  <Table.Th key={a.label}>{a.label}</Table.Th>
                ))}
                <Table.Th>Oldest</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(backlog.data?.rows ?? []).map((row) => (
                <Table.Tr key={row.key ?? 'none'}>
                  <Table.Td>{row.label ?? `No ${groupBy}`}</Table.Td>
                  <Table.Td>{row.open.toLocaleString('en')}</Table.Td>
                  {row.ages.map((a) => (
                    <Table.Td key={a.label}>
                      {a.label === '>7d' && a.count > 0 ? (
                        <Badge color="red" variant="light">
                          {a.count}
                        </Badge>
                      ) : (
                        a.count
                      )}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    {row.oldest_seconds === null ? '–' : `${(row.oldest_seconds / 86_400).toFixed(1)} d`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>

      <ContractLevels month={contractMonth(search.period)} vendorId={vendorId} />
      {canSeeCost && <CostByChannel month={contractMonth(search.period)} vendorId={vendorId} />}
      <TicketsBehindDrawer request={drill} onClose={() => setDrill(null)} />
    </Stack>
  );
}
