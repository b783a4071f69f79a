import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import { holidayCreate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { FormProblem } from '../admin/AdminPage';
import { useSchemaForm } from '../admin/use-schema-form';
import { importSummary } from './import-summary';
import { type Calendar, serviceLevelKeys, useCalendar } from './queries';

/** A calendar's holidays: the list, one added by hand, or many imported from an .ics file. */
export function HolidaysPanel({ calendar }: { calendar: Calendar }) {
  const detail = useCalendar(calendar.id);
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: serviceLevelKeys.calendar(calendar.id) });
  const remove = useMutation({
    mutationFn: async (holidayId: string) =>
      unwrap(
        await api.DELETE('/api/v1/calendars/{id}/holidays/{holidayId}', {
          params: { path: { id: calendar.id, holidayId } },
        }),
      ),
    onSuccess: refresh,
  });
  const holidays = [...(detail.data?.holidays ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <Stack gap="sm" data-testid="holidays-panel">
      <Title order={2} size="h4">
        Holidays: {calendar.name}
      </Title>
      <FormProblem messages={remove.error ? [remove.error.message] : []} />
      <ListState
        noun="holidays"
        query={{ ...detail, data: detail.data ? holidays : undefined }}
        empty="No holidays yet: the calendar is open every week as its hours say."
      >
        <ScrollTable minWidth={420} label="Holidays">
          <Table striped aria-label="Holidays">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Holiday</Table.Th>
                <Table.Th>Repeats</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {holidays.map((h) => (
                <Table.Tr key={h.id} data-testid="holiday-row">
                  <Table.Td>{h.yearly ? h.date.slice(5) : h.date}</Table.Td>
                  <Table.Td>{h.name}</Table.Td>
                  <Table.Td>{h.yearly ? 'every year' : 'once'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      color="red"
                      loading={remove.isPending && remove.variables === h.id}
                      onClick={() => remove.mutate(h.id)}
                      aria-label={`Delete holiday ${h.name} ${h.date}`}
                    >
                      Delete
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
      <Group align="flex-start" grow>
        <HolidayForm calendarId={calendar.id} onAdded={refresh} />
        <IcalImport calendarId={calendar.id} onImported={refresh} />
      </Group>
    </Stack>
  );
}

function HolidayForm({ calendarId, onAdded }: { calendarId: string; onAdded: () => Promise<void> }) {
  const initialValues = { name: '', date: '', yearly: false };
  type Values = typeof initialValues;
  const toBody = (v: Values) => v;
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: holidayCreate,
    initialValues,
    toBody,
  });
  const add = useMutation({
    mutationFn: async (body: Values) =>
      unwrap(
        await api.POST('/api/v1/calendars/{id}/holidays', { params: { path: { id: calendarId } }, body }),
      ),
    onSuccess: async () => {
      form.reset();
      await onAdded();
    },
    onError: showProblem,
  });
  return (
    <form onSubmit={form.onSubmit((values) => add.mutate(values))} noValidate aria-label="Add a holiday">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Add a holiday
        </Text>
        <FormProblem messages={formError} />
        <TextInput label="Holiday name" required {...form.getInputProps('name')} {...counted('name')} />
        <TextInput label="Date" type="date" required {...form.getInputProps('date')} />
        <Checkbox label="Every year on this day" {...form.getInputProps('yearly', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending}>
            Add holiday
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Reads the chosen .ics file as text and sends it; says what was imported, kept or skipped, in words. */
function IcalImport({ calendarId, onImported }: { calendarId: string; onImported: () => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: async (chosen: File) => {
      const ics = await chosen.text();
      return unwrap(
        await api.POST('/api/v1/calendars/{id}/holidays/import', {
          params: { path: { id: calendarId } },
          body: { ics },
        }),
      );
    },
    onSuccess: async () => {
      setFile(null);
      await onImported();
    },
  });
  const problem =
    run.error instanceof ApiError
      ? problemFieldErrors(run.error.problem, []).other.map((m) => m.replace(/^ics: /, ''))
      : run.error
        ? [run.error.message]
        : [];
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Import from a calendar file
      </Text>
      <FileInput
        label="iCalendar file (.ics)"
        description="All-day events become holidays; yearly repeats stay yearly"
        accept=".ics,text/calendar"
        value={file}
        onChange={setFile}
        clearable
      />
      {problem.length > 0 && (
        <Alert color="red" title="Not imported" role="alert">
          {problem.map((m) => (
            <Text key={m} size="sm">
              {m}
            </Text>
          ))}
        </Alert>
      )}
      {run.data && (
        <Alert color="teal" role="status" data-testid="import-result">
          <Text size="sm">{importSummary(run.data)}</Text>
          {run.data.skipped.map((s) => (
            <Text size="sm" key={`${s.summary}-${s.reason}`}>
              Skipped “{s.summary}”: {s.reason}.
            </Text>
          ))}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button disabled={!file} loading={run.isPending} onClick={() => file && run.mutate(file)}>
          Import holidays
        </Button>
      </Group>
    </Stack>
  );
}
