import {
  ActionIcon,
  Alert,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, CSRF_HEADER, csrfToken } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import type { paths } from '../../api/schema';

type TcoBody = NonNullable<
  paths['/api/v1/billing/tco']['post']['requestBody']
>['content']['application/json'];
type ForecastLine = TcoBody['forecast'][number] & { id: number };

let nextId = 0;
const newId = () => ++nextId;

const CHANNELS = ['email', 'chat', 'phone', 'web', 'social', 'api'] as const;

const money = (minor: number | null | undefined, currency: string) =>
  minor === null || minor === undefined
    ? '–'
    : `${(minor / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/**
 * The brand's cost comparison (docs/billing.md#tco): the in-house team's fully loaded monthly cost,
 * and one month's volume forecast priced in-house, at each vendor's contract and as a mix, with the
 * assumptions spelled out and a CSV to take away.
 */
export function CostComparison() {
  const model = useQuery({
    queryKey: ['billing', 'inhouse-cost-model'],
    queryFn: async () => unwrap(await api.GET('/api/v1/billing/inhouse-cost-model')),
  });
  const [forecast, setForecast] = useState<ForecastLine[]>(() => [
    {
      id: newId(),
      channel: 'email',
      language: null,
      contacts: 10_000,
      aht_minutes: 6,
      resolution_percent: 80,
    },
    { id: newId(), channel: 'chat', language: null, contacts: 6_000, aht_minutes: 9, resolution_percent: 75 },
  ]);
  const [occupancy, setOccupancy] = useState<number | string>(85);
  const [fx, setFx] = useState<{ id: number; currency: string; rate: number | string }[]>(() => [
    { id: newId(), currency: 'EUR', rate: 7.46 },
    { id: newId(), currency: 'USD', rate: 6.9 },
  ]);
  const [shares, setShares] = useState<Record<string, number | string>>({});

  const body = (): TcoBody => {
    const mixShares = Object.entries(shares)
      .map(([option, percent]) => ({ option, percent: Number(percent) || 0 }))
      .filter((s) => s.percent > 0);
    return {
      forecast: forecast.map(({ id: _, ...line }) => line),
      occupancy_percent: Number(occupancy) || 85,
      fx: Object.fromEntries(
        fx.filter((f) => f.currency && Number(f.rate) > 0).map((f) => [f.currency, Number(f.rate)]),
      ),
      mixes: mixShares.length ? [{ name: 'Your mix', shares: mixShares }] : [],
    };
  };
  const compare = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/billing/tco', { body: body() })),
  });
  const download = useMutation({
    mutationFn: async () => {
      const res = await fetch('/api/v1/billing/tco?format=csv', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CSRF_HEADER]: csrfToken() ?? '',
        },
        body: JSON.stringify(body()),
      });
      if (!res.ok) throw new Error('The CSV could not be made; compare first to see what is wrong.');
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `cost-comparison-${result?.month ?? 'month'}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    },
  });
  const result = compare.data;
  const errors =
    compare.error instanceof ApiError
      ? problemFieldErrors(compare.error.problem, ['forecast', 'mixes', 'fx'])
      : null;
  const setLine = (i: number, patch: Partial<ForecastLine>) =>
    setForecast((lines) => lines.map((l, k) => (k === i ? { ...l, ...patch } : l)));

  return (
    <Stack p="md" maw={1100}>
      <Title order={1} size="h2">
        Cost comparison
      </Title>
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Title order={2} size="h4">
            In-house team, fully loaded
          </Title>
          {model.data?.monthly ? (
            <>
              <Text size="sm" data-testid="inhouse-monthly">
                {money(model.data.monthly.total_minor, model.data.monthly.currency)} a month for{' '}
                {model.data.monthly.agents} agents
              </Text>
              <Table fz="sm" withRowBorders={false} verticalSpacing={2}>
                <Table.Tbody>
                  {model.data.monthly.lines.map((l) => (
                    <Table.Tr key={l.item}>
                      <Table.Td>{l.item}</Table.Td>
                      <Table.Td ta="right">{money(l.amount_minor, model.data.monthly!.currency)}</Table.Td>
                      <Table.Td c="dimmed">{l.basis}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              No in-house cost model yet (PUT /api/v1/billing/inhouse-cost-model): in-house is not priced.
            </Text>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <form
          aria-label="Volume forecast"
          onSubmit={(e) => {
            e.preventDefault();
            compare.mutate();
          }}
        >
          <Stack gap="xs">
            <Title order={2} size="h4">
              One month’s forecast
            </Title>
            <Table fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Contacts</Table.Th>
                  <Table.Th>Handle time (min)</Table.Th>
                  <Table.Th>Resolved (%)</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {forecast.map((line, i) => (
                  <Table.Tr key={line.id}>
                    <Table.Td>
                      <Select
                        aria-label={`Channel of line ${i + 1}`}
                        data={[...CHANNELS]}
                        value={line.channel}
                        onChange={(v) => v && setLine(i, { channel: v as ForecastLine['channel'] })}
                        w={120}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Contacts of line ${i + 1}`}
                        min={0}
                        value={line.contacts}
                        onChange={(v) => setLine(i, { contacts: Number(v) || 0 })}
                        thousandSeparator=","
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Handle time of line ${i + 1}`}
                        min={0}
                        decimalScale={2}
                        value={line.aht_minutes}
                        onChange={(v) => setLine(i, { aht_minutes: Number(v) || 0 })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Resolved share of line ${i + 1}`}
                        min={0}
                        max={100}
                        value={line.resolution_percent}
                        onChange={(v) => setLine(i, { resolution_percent: Number(v) || 0 })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove line ${i + 1}`}
                        disabled={forecast.length === 1}
                        onClick={() => setForecast((lines) => lines.filter((_, k) => k !== i))}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group>
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() =>
                  setForecast((lines) => [
                    ...lines,
                    {
                      id: newId(),
                      channel: 'phone',
                      language: null,
                      contacts: 1000,
                      aht_minutes: 8,
                      resolution_percent: 75,
                    },
                  ])
                }
              >
                Add a line
              </Button>
            </Group>
            <Group align="flex-end">
              <NumberInput
                label="Occupancy (%)"
                min={1}
                max={100}
                w={140}
                value={occupancy}
                onChange={setOccupancy}
              />
              {fx.map((f, i) => (
                <Group key={f.id} gap={4} align="flex-end">
                  <TextInput
                    label="1 unit of"
                    w={80}
                    value={f.currency}
                    onChange={(e) => {
                      const currency = e.currentTarget.value.toUpperCase();
                      setFx((all) => all.map((x, k) => (k === i ? { ...x, currency } : x)));
                    }}
                  />
                  <NumberInput
                    label={`in ${result?.base_currency ?? model.data?.model?.currency ?? 'base currency'}`}
                    w={110}
                    min={0}
                    decimalScale={6}
                    value={f.rate}
                    onChange={(rate) => setFx((all) => all.map((x, k) => (k === i ? { ...x, rate } : x)))}
                  />
                </Group>
              ))}
            </Group>
            {result && (
              <Group align="flex-end">
                <Text size="sm" fw={600}>
                  Mix (% of the volume):
                </Text>
                {result.options.map((o) => (
                  <NumberInput
                    key={o.option}
                    label={o.name}
                    w={150}
                    min={0}
                    max={100}
                    value={shares[o.option] ?? 0}
                    onChange={(v) => setShares((s) => ({ ...s, [o.option]: v }))}
                  />
                ))}
              </Group>
            )}
            {errors &&
              [...Object.values(errors.fields), ...errors.other].map((m) => (
                <Alert key={m} color="red" role="alert">
                  {m}
                </Alert>
              ))}
            <Group>
              <Button type="submit" loading={compare.isPending}>
                Compare
              </Button>
              {result && (
                <Button variant="default" loading={download.isPending} onClick={() => download.mutate()}>
                  Download CSV
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Paper>

      {result && (
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs">
            <Title order={2} size="h4">
              {result.contacts.toLocaleString('en')} contacts, {result.workload_hours.toFixed(0)} workload
              hours in {result.month}
            </Title>
            <Table fz="sm" data-testid="tco-result">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Option</Table.Th>
                  <Table.Th ta="right">A month</Table.Th>
                  <Table.Th ta="right">In {result.base_currency}</Table.Th>
                  <Table.Th ta="right">Per contact</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.options.map((o) => (
                  <Table.Tr key={o.option}>
                    <Table.Td>{o.name}</Table.Td>
                    <Table.Td ta="right">{money(o.total_minor, o.currency)}</Table.Td>
                    <Table.Td ta="right">{money(o.total_base_minor, result.base_currency)}</Table.Td>
                    <Table.Td ta="right">
                      {money(o.cost_per_contact_base_minor, result.base_currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
                {result.mixes.map((m) => (
                  <Table.Tr key={m.name} fw={600}>
                    <Table.Td>
                      {m.name} ({m.parts.map((p) => `${p.name} ${p.percent} %`).join(', ')})
                    </Table.Td>
                    <Table.Td />
                    <Table.Td ta="right">{money(m.total_base_minor, result.base_currency)}</Table.Td>
                    <Table.Td ta="right">
                      {money(m.cost_per_contact_base_minor, result.base_currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Title order={3} size="h5">
              Assumptions
            </Title>
            <List size="sm">
              {result.assumptions.map((a) => (
                <List.Item key={a}>{a}</List.Item>
              ))}
            </List>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
