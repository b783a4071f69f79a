import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { ListState } from '../../shared/ListState';
import type { Me } from '../auth/session';
import { useCalibrations, useGraders } from './queries';
import { useUserNames } from './user-names';

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '–';

/**
 * Calibration: the sessions one can see and "grade the grader" — each reviewer's mean alignment
 * with the benchmark over closed sessions (docs/qa.md#calibration-sessions).
 */
export function CalibrationTab({ me }: { me: Me }) {
  const sessions = useCalibrations();
  const graders = useGraders();
  const name = useUserNames();
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={2} size="h5">
          Grade the grader
        </Title>
        <Text size="sm" c="dimmed">
          Mean alignment with the benchmark reviewer across closed sessions; sessions as benchmark are left
          out.
        </Text>
        <ListState noun="alignment figures" query={graders} empty="No closed calibration session yet.">
          <Table aria-label="Reviewer alignment" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reviewer</Table.Th>
                <Table.Th ta="right">Sessions</Table.Th>
                <Table.Th ta="right">Mean alignment</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(graders.data ?? []).map((g) => (
                <Table.Tr key={g.reviewer_id}>
                  <Table.Td>
                    {name(g.reviewer_id)}
                    {g.reviewer_id === me.userId ? ' (you)' : ''}
                  </Table.Td>
                  <Table.Td ta="right">{g.sessions}</Table.Td>
                  <Table.Td ta="right">{g.mean_alignment.toFixed(1)} %</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ListState>
      </Stack>
      <Stack gap="xs">
        <Title order={2} size="h5">
          Sessions
        </Title>
        <ListState noun="calibration sessions" query={sessions}>
          <Table aria-label="Calibration sessions" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Benchmark</Table.Th>
                <Table.Th>Led by</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(sessions.data ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.name}</Table.Td>
                  <Table.Td>{name(s.benchmark_reviewer_id)}</Table.Td>
                  <Table.Td>{name(s.created_by)}</Table.Td>
                  <Table.Td>{when(s.created_at)}</Table.Td>
                  <Table.Td>
                    <Badge color={s.state === 'open' ? 'orange' : 'gray'}>
                      {s.state === 'open' ? 'Open (blind)' : `Closed ${when(s.closed_at)}`}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ListState>
      </Stack>
    </Stack>
  );
}
