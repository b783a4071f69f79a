import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { calendarCreate, calendarUpdate, WEEKDAYS } from '../../api/server-schemas';
import { FormProblem } from '../admin/AdminPage';
import { useSchemaForm } from '../admin/use-schema-form';
import { changedFields } from './durations';
import { type Calendar, serviceLevelKeys } from './queries';
import { hoursToText, textToHours, WEEKDAY_LABELS } from './weekly-hours';

const WORKWEEK = {
  mon: '09:00-17:00',
  tue: '09:00-17:00',
  wed: '09:00-17:00',
  thu: '09:00-17:00',
  fri: '09:00-17:00',
  sat: '',
  sun: '',
};

/**
 * Create or change a calendar: name, IANA zone and one line of opening hours per weekday
 * ("09:00-12:00, 13:00-17:00", empty when closed). An edit sends only what changed.
 */
export function CalendarForm(props: {
  calendar: Calendar | null;
  /** Vendors a brand admin may give the calendar to; empty for a vendor admin (always their own). */
  vendors: { id: string; name: string }[];
  onDone: () => void;
}) {
  const { calendar } = props;
  const client = useQueryClient();
  const initialValues = {
    name: calendar?.name ?? '',
    time_zone: calendar?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    vendor_id: '',
    weekly_hours: calendar ? hoursToText(calendar.weekly_hours) : WORKWEEK,
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    name: v.name,
    time_zone: v.time_zone.trim(),
    weekly_hours: textToHours(v.weekly_hours).hours,
    ...(calendar || !v.vendor_id ? {} : { vendor_id: v.vendor_id }),
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: calendar ? calendarUpdate : calendarCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      if (!calendar) return unwrap(await api.POST('/api/v1/calendars', { body: toBody(values) }));
      const body = changedFields(toBody(initialValues), toBody(values));
      if (Object.keys(body).length === 0) return calendar;
      return unwrap(
        await api.PATCH('/api/v1/calendars/{id}', { params: { path: { id: calendar.id } }, body }),
      );
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: serviceLevelKeys.calendars });
      props.onDone();
    },
    onError: showProblem,
  });
  const submit = (values: Values) => {
    // The hours are text on screen: a line that is no range is named at its weekday, not sent.
    const { errors } = textToHours(values.weekly_hours);
    if (Object.keys(errors).length) {
      form.setErrors(
        Object.fromEntries(Object.entries(errors).map(([day, e]) => [`weekly_hours.${day}`, e])),
      );
      return;
    }
    save.mutate(values);
  };
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <TextInput
          label="Time zone"
          description="IANA name, e.g. Europe/Copenhagen or Asia/Manila"
          required
          {...form.getInputProps('time_zone')}
        />
        {!calendar && props.vendors.length > 0 && (
          <NativeSelect
            label="Owner"
            data={[
              { value: '', label: 'The brand' },
              ...props.vendors.map((v) => ({ value: v.id, label: v.name })),
            ]}
            {...form.getInputProps('vendor_id')}
          />
        )}
        <Text fw={600} size="sm">
          Opening hours
        </Text>
        <Text size="xs" c="dimmed">
          One or more ranges per day, comma-separated, e.g. 09:00-12:00, 13:00-17:00; 24:00 for midnight;
          empty when closed.
        </Text>
        {WEEKDAYS.map((day) => (
          <TextInput
            key={day}
            label={WEEKDAY_LABELS[day]}
            placeholder="Closed"
            {...form.getInputProps(`weekly_hours.${day}`)}
          />
        ))}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save calendar
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
