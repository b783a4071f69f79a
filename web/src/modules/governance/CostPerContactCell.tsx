import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export type CostRow = {
  vendor_id: string;
  invoice_status: string;
  currency: string;
  numerator_minor: number;
  denominator: number;
  value_minor: number | null;
};

/** Cost per contact of a month, one row per invoice and currency; vendor users get their own. */
export function useCostPerContact(month: string, enabled: boolean) {
  return useQuery({
    queryKey: ['governance', 'cost-per-contact', month],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/billing/cost-per-contact', { params: { query: { month } } })),
  });
}

const money = (minor: number, currency: string) =>
  `${(minor / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/**
 * A vendor's cost per handled contact from its invoice of the month: the invoice total over the
 * contacts it measured, with whether the invoice is approved (final) or a draft (may change).
 */
export type InhouseCost = {
  currency: string;
  numerator_minor: number;
  denominator: number;
  value_minor: number | null;
  month_share: number;
};

export function CostPerContactCell({
  rows,
  month,
  inhouse,
}: {
  rows: CostRow[];
  month: string;
  /** For the in-house team: its fully loaded cost per contact from the brand's cost model. */
  inhouse?: InhouseCost | null | undefined;
}) {
  if (inhouse)
    return (
      <Tooltip
        multiline
        w={300}
        label={`Fully loaded in-house cost ${money(inhouse.numerator_minor, inhouse.currency)}${
          inhouse.month_share < 1 ? ` (${Math.round(inhouse.month_share * 100)} % of the month so far)` : ''
        } / ${inhouse.denominator.toLocaleString('en')} handled contacts, ${month}. From the in-house cost model.`}
      >
        <Stack gap={0} tabIndex={0}>
          <Text size="sm">
            {inhouse.value_minor === null ? '–' : money(inhouse.value_minor, inhouse.currency)}
          </Text>
          <Badge size="xs" variant="light" color="indigo" title="The in-house cost model, not an invoice">
            in-house
          </Badge>
        </Stack>
      </Tooltip>
    );
  if (!rows.length)
    return (
      <Tooltip label={`No invoice for ${month}: the vendor has no contract, or it is not computed yet.`}>
        <Text size="sm" tabIndex={0} aria-label={`Cost per contact: no invoice for ${month}`}>
          –
        </Text>
      </Tooltip>
    );
  return (
    <Stack gap={2}>
      {rows.map((r) => (
        <Tooltip
          key={`${r.currency}-${r.invoice_status}`}
          multiline
          w={280}
          label={`Invoice total ${money(r.numerator_minor, r.currency)} (fees − SLA credits + bonuses) / ${r.denominator.toLocaleString('en')} handled contacts, ${month}.`}
        >
          <Stack gap={0} tabIndex={0}>
            <Text size="sm">{r.value_minor === null ? '–' : money(r.value_minor, r.currency)}</Text>
            <Badge
              size="xs"
              variant="light"
              color={r.invoice_status === 'approved' ? 'teal' : 'gray'}
              title={r.invoice_status === 'approved' ? 'Approved: final' : 'Draft: may still change'}
            >
              {r.invoice_status}
            </Badge>
          </Stack>
        </Tooltip>
      ))}
    </Stack>
  );
}
