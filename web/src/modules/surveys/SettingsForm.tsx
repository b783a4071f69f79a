import { Alert, Button, Checkbox, Group, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { surveySettingsUpdate } from '../../api/server-schemas';
import { FormProblem } from '../admin/AdminPage';
import { useSchemaForm } from '../admin/use-schema-form';
import { changedFields } from '../service-levels/durations';
import { type SurveySettings, surveyKeys } from './queries';

/**
 * Which surveys the brand sends and how CES is read. The server's own schema checks the body; a save
 * sends only the settings that changed, so it never undoes another admin's change to another one.
 */
export function SettingsForm({ settings, editable }: { settings: SurveySettings; editable: boolean }) {
  const client = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const initialValues = {
    csat_enabled: settings.csat_enabled,
    nps_enabled: settings.nps_enabled,
    ces_enabled: settings.ces_enabled,
    ces_direction: settings.ces_lower_is_better ? 'lower' : 'higher',
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    csat_enabled: v.csat_enabled,
    nps_enabled: v.nps_enabled,
    ces_enabled: v.ces_enabled,
    ces_lower_is_better: v.ces_direction === 'lower',
  });
  const { form, formError, showProblem } = useSchemaForm({
    schema: surveySettingsUpdate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = changedFields(toBody(initialValues), toBody(values));
      if (Object.keys(body).length === 0) return null;
      return unwrap(await api.PATCH('/api/v1/survey-settings', { body }));
    },
    onSuccess: (result) => {
      if (result === null) {
        setSaved('Nothing changed.');
        return;
      }
      setSaved('Survey settings saved.');
      // The next save compares with what the server now holds (this component's `settings`).
      client.setQueryData(surveyKeys.settings, result);
    },
    onError: showProblem,
  });
  return (
    <form
      onSubmit={form.onSubmit((values) => {
        setSaved(null);
        save.mutate(values);
      })}
      noValidate
      aria-label="Survey settings"
    >
      <Stack gap="md">
        <FormProblem messages={formError} />
        <Checkbox
          label="Send a satisfaction survey (CSAT) when a ticket is solved"
          description="The customer rates the help from 1 to 5 by email, one click per score. Chats are rated in the chat instead."
          disabled={!editable}
          {...form.getInputProps('csat_enabled', { type: 'checkbox' })}
        />
        <Checkbox
          label="Send a customer effort survey (CES) when a ticket is solved"
          description="“How easy was it to get your issue resolved?”, from 1 (very easy) to 7 (very hard), in the same email as CSAT."
          disabled={!editable}
          {...form.getInputProps('ces_enabled', { type: 'checkbox' })}
        />
        <Checkbox
          label="Send a daily Net Promoter Score survey (NPS)"
          description="Every morning (09:00 UTC) customers with a recently solved contact are asked how likely they are to recommend the brand, 0 to 10."
          disabled={!editable}
          {...form.getInputProps('nps_enabled', { type: 'checkbox' })}
        />
        <Radio.Group
          label="How to read CES scores"
          description="Reports and scorecards use this to decide whether a vendor's CES went up or down for the better."
          {...form.getInputProps('ces_direction')}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="lower" label="A lower score is better (1 = very easy)" disabled={!editable} />
            <Radio value="higher" label="A higher score is better" disabled={!editable} />
          </Stack>
        </Radio.Group>
        <Text size="sm" c="dimmed">
          A customer is sent at most one survey in a set number of days, and NPS goes to customers with a
          contact solved in a set number of days; both are set where the server runs
          (TANDEM_SURVEY_THROTTLE_DAYS and TANDEM_NPS_RECENT_DAYS, 30 days unless changed).
        </Text>
        {saved && (
          <Alert color="green" role="status" data-testid="settings-saved">
            {saved}
          </Alert>
        )}
        {editable && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save survey settings
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
