import { Anchor, Button, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ExportCsv } from '../../shared/ExportCsv';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { type FigureSpec, formatSeconds } from './figures';

export type DrillMetric =
  | 'contacts'
  | 'first_response_time'
  | 'resolution_time_first_solve'
  | 'resolution_time_last_solve'
  | 'aht'
  | 'asa'
  | 'abandonment'
  | 'fcr'
  | 'reopen_rate'
  | 'escalation_rate'
  | 'transfer_rate'
  | 'csat'
  | 'nps'
  | 'ces';

export interface TicketsBehindRequest {
  spec: Pick<FigureSpec, 'key' | 'label' | 'kind' | 'numerator' | 'denominator'>;
  title: string;
  from: string;
  to: string;
  tz: string;
  filters: { vendor_id?: string; site_id?: string; team_id?: string; agent_id?: string };
}

const PAGE = 50;

/** A part of a figure as the reader counts it: seconds for durations, counts otherwise. */
const part = (kind: FigureSpec['kind'], n: number) =>
  kind === 'seconds' ? formatSeconds(n) : Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(2);

/** The tickets behind one figure: each with its part of the numerator and denominator, in pages. */
export function TicketsBehindList({ request }: { request: TicketsBehindRequest }) {
  const [offset, setOffset] = useState(0);
  const metric = request.spec.key as DrillMetric;
  const list = useQuery({
    queryKey: ['governance', 'tickets-behind', request, offset],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/kpis/tickets', {
          params: {
            query: {
              from: request.from,
              to: request.to,
              tz: request.tz,
              metric,
              limit: PAGE,
              offset,
              ...request.filters,
            },
          },
        }),
      ),
  });
  const data = list.data;
  return (
    <Stack gap="xs">
      {data && (
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm" data-testid="tickets-behind-total">
            {data.total.toLocaleString('en')} tickets count here: {part(request.spec.kind, data.numerator)}{' '}
            {request.spec.numerator} / {data.denominator.toLocaleString('en')} {request.spec.denominator}.
          </Text>
          <ExportCsv
            path="/api/v1/analytics/kpis/tickets"
            query={{
              from: request.from,
              to: request.to,
              tz: request.tz,
              metric,
              limit: PAGE,
              offset,
              ...request.filters,
            }}
            label={`Export CSV of the tickets behind ${request.spec.label}`}
          />
        </Group>
      )}
      <ListState
        noun="tickets"
        query={{ error: list.error, isPending: list.isPending, data: data?.tickets }}
        empty="No ticket counts in this figure for the period."
      >
        <ScrollTable minWidth={640} label={`Tickets behind ${request.spec.label}`}>
          <Table striped aria-label={`Tickets behind ${request.spec.label}`} data-testid="tickets-behind">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ticket</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Agent</Table.Th>
                <Table.Th>{request.spec.numerator}</Table.Th>
                <Table.Th>{request.spec.denominator}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(data?.tickets ?? []).map((t) => (
                <Table.Tr key={t.unit} data-ticket={t.ticket_id}>
                  <Table.Td>
                    <Anchor
                      size="sm"
                      renderRoot={(props) => (
                        <Link {...props} to="/tickets/$ticketId" params={{ ticketId: t.ticket_id }} />
                      )}
                    >
                      {t.number !== null ? `#${t.number} ` : ''}
                      {t.subject ?? 'Ticket'}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t.status ?? '–'}</Table.Td>
                  <Table.Td>{t.agent_name ?? '–'}</Table.Td>
                  <Table.Td>{part(request.spec.kind, t.numerator)}</Table.Td>
                  <Table.Td>{t.denominator.toLocaleString('en')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
      {data && data.total > PAGE && (
        <Group justify="space-between">
          <Button
            variant="default"
            size="xs"
            disabled={offset === 0}
            onClick={() => setOffset(offset - PAGE)}
          >
            Previous
          </Button>
          <Text size="xs" c="dimmed">
            {offset + 1}–{Math.min(offset + PAGE, data.total)} of {data.total.toLocaleString('en')}
          </Text>
          <Button
            variant="default"
            size="xs"
            disabled={offset + PAGE >= data.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function TicketsBehindDrawer({
  request,
  onClose,
}: {
  request: TicketsBehindRequest | null;
  onClose: () => void;
}) {
  return (
    <Drawer opened={request !== null} onClose={onClose} position="right" size="xl" title={request?.title}>
      {request && <TicketsBehindList key={JSON.stringify(request)} request={request} />}
    </Drawer>
  );
}
