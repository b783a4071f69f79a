import { Group, NativeSelect, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { useVendorNames } from '../admin/queries';
import { type SurveyKind, useSurveyResponses } from './queries';
import { formatScore, formatVia, SURVEY_LABELS } from './survey-words';

const LIMITS = ['10', '25', '50', '100', '200'];

/**
 * The newest survey answers (the latest version of each). The API pages by a limit only (at most
 * 200), so "Show" picks how many of the newest to list. Vendor users get their vendor's answers.
 */
export function ResponsesTable() {
  const [kind, setKind] = useState<'' | SurveyKind>('');
  const [limit, setLimit] = useState('25');
  const responses = useSurveyResponses(kind, Number(limit));
  const vendorName = useVendorNames();
  return (
    <section aria-labelledby="latest-responses">
      <Title order={2} size="h4" id="latest-responses" mb="xs">
        Latest responses
      </Title>
      <Group gap="sm" mb="sm" align="flex-end">
        <NativeSelect
          label="Survey"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as '' | SurveyKind)}
          data={[
            { value: '', label: 'All surveys' },
            ...Object.entries(SURVEY_LABELS).map(([value, label]) => ({ value, label })),
          ]}
        />
        <NativeSelect
          label="Show"
          value={limit}
          onChange={(e) => setLimit(e.currentTarget.value)}
          data={LIMITS.map((n) => ({ value: n, label: `newest ${n}` }))}
        />
      </Group>
      <ListState noun="survey responses" query={responses} empty="No survey answered yet.">
        <ScrollTable minWidth={560} label="Latest survey responses">
          <Table striped aria-label="Latest survey responses">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Answered</Table.Th>
                <Table.Th>Survey</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Via</Table.Th>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Comment</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(responses.data ?? []).map((r) => (
                <Table.Tr key={r.survey_id} data-testid="response-row">
                  <Table.Td>{new Date(r.answered_at ?? r.created_at).toLocaleString('en-GB')}</Table.Td>
                  <Table.Td>{r.kind.toUpperCase()}</Table.Td>
                  <Table.Td>{formatScore(r.kind, r.score)}</Table.Td>
                  <Table.Td>{formatVia(r.via)}</Table.Td>
                  <Table.Td>{vendorName(r.vendor_id)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {r.comment ?? '—'}
                      {r.version > 1 ? ` (edited, version ${r.version})` : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
    </section>
  );
}
