import {
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { CHANNELS, PRIORITIES, policyCreate, policyUpdate, SLA_METRICS } from '../../api/server-schemas';
import { FormProblem } from '../admin/AdminPage';
import { useSchemaForm } from '../admin/use-schema-form';
import { changedFields, type MinuteUnit, splitMinutes, toMinutes } from './durations';
import { type Policy, serviceLevelKeys } from './queries';

export const METRIC_LABELS: Record<string, string> = {
  first_reply: 'First reply',
  next_reply: 'Next reply',
  periodic_update: 'Periodic update',
  pausable_update: 'Pausable update',
  requester_wait: 'Requester wait',
  agent_work: 'Agent work',
  full_resolution: 'Resolution',
};
const UNITS: { value: MinuteUnit; label: string }[] = [
  { value: 'minutes', label: 'minutes' },
  { value: 'hours', label: 'hours' },
  { value: 'days', label: 'days' },
];

type TargetRow = {
  metric: string;
  priority: string;
  minutes: number | '';
  unit: MinuteUnit;
  business: boolean;
};

/**
 * Create or change an SLA policy. Each target is entered in minutes, hours or days and sent in
 * minutes; the server's schema checks the result and its problems show at the field. An edit
 * sends only the fields that changed.
 */
export function PolicyForm(props: { policy: Policy | null; nextPosition: number; onDone: () => void }) {
  const { policy } = props;
  const client = useQueryClient();
  const initialValues = {
    name: policy?.name ?? '',
    position: policy?.position ?? props.nextPosition,
    active: policy?.active ?? true,
    warn_percent: (policy ? (policy.warn_percent ?? '') : 75) as number | '',
    priorities: (policy?.conditions.priorities ?? []) as string[],
    channels: (policy?.conditions.channels ?? []) as string[],
    notify: policy?.breach_actions.notify ?? false,
    targets: (
      policy?.targets ?? [{ metric: 'first_reply', priority: 'normal', minutes: 60, business: false }]
    ).map((t): TargetRow => {
      const { amount, unit } = splitMinutes(t.minutes);
      return { metric: t.metric, priority: t.priority, minutes: amount, unit, business: t.business };
    }),
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    name: v.name,
    position: v.position,
    active: v.active,
    warn_percent: v.warn_percent === '' ? null : v.warn_percent,
    conditions: {
      ...policy?.conditions,
      priorities: v.priorities.length ? v.priorities : undefined,
      channels: v.channels.length ? v.channels : undefined,
    },
    breach_actions: { ...policy?.breach_actions, notify: v.notify },
    targets: v.targets.map((t) => ({
      metric: t.metric,
      priority: t.priority,
      minutes: t.minutes === '' ? undefined : toMinutes(t.minutes, t.unit),
      business: t.business,
    })),
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: policy ? policyUpdate : policyCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      if (!policy) return unwrap(await api.POST('/api/v1/sla-policies', { body: toBody(values) as never }));
      const body = changedFields(toBody(initialValues), toBody(values));
      if (Object.keys(body).length === 0) return policy;
      return unwrap(
        await api.PATCH('/api/v1/sla-policies/{id}', {
          params: { path: { id: policy.id } },
          body: body as never,
        }),
      );
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: serviceLevelKeys.policies });
      props.onDone();
    },
    onError: showProblem,
  });
  const targets = form.getValues().targets;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <Group grow align="flex-start">
          <NumberInput
            label="Order"
            description="The first matching policy wins (0 first)"
            min={0}
            allowDecimal={false}
            {...form.getInputProps('position')}
          />
          <NumberInput
            label="Warn at (% of the target)"
            description="Empty: no warning"
            min={1}
            max={99}
            allowDecimal={false}
            {...form.getInputProps('warn_percent')}
          />
        </Group>
        <Group grow align="flex-start">
          <MultiSelect
            label="Only priorities"
            description="Empty: any"
            data={[...PRIORITIES]}
            {...form.getInputProps('priorities')}
          />
          <MultiSelect
            label="Only channels"
            description="Empty: any"
            data={[...CHANNELS]}
            {...form.getInputProps('channels')}
          />
        </Group>
        <Checkbox label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Checkbox
          label="Notify team leads and vendor admins on warnings and breaches"
          {...form.getInputProps('notify', { type: 'checkbox' })}
        />
        <Text fw={600} size="sm">
          Targets
        </Text>
        <FieldMessage error={form.errors.targets} />
        {targets.map((_, i) => {
          const n = i + 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Group key={i} align="flex-start" wrap="nowrap" data-testid="target-row">
              <NativeSelect
                label={`Metric (target ${n})`}
                data={SLA_METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] ?? m }))}
                {...form.getInputProps(`targets.${i}.metric`)}
              />
              <NativeSelect
                label={`Priority (target ${n})`}
                data={[...PRIORITIES]}
                {...form.getInputProps(`targets.${i}.priority`)}
              />
              <NumberInput
                label={`Time (target ${n})`}
                min={1}
                // Not clamped: a 0 stays 0, so the schema's "At least 1" shows instead of a silent change.
                clampBehavior="none"
                w={130}
                {...form.getInputProps(`targets.${i}.minutes`)}
              />
              <NativeSelect
                label={`Unit (target ${n})`}
                data={UNITS}
                {...form.getInputProps(`targets.${i}.unit`)}
              />
              <Checkbox
                mt={30}
                label="Business hours"
                aria-label={`Business hours (target ${n})`}
                {...form.getInputProps(`targets.${i}.business`, { type: 'checkbox' })}
              />
              <Button
                mt={24}
                variant="subtle"
                color="red"
                aria-label={`Remove target ${n}`}
                onClick={() => form.removeListItem('targets', i)}
              >
                Remove
              </Button>
            </Group>
          );
        })}
        <Group justify="space-between">
          <Button
            variant="default"
            onClick={() =>
              form.insertListItem('targets', {
                metric: 'full_resolution',
                priority: 'normal',
                minutes: 1,
                unit: 'days',
                business: false,
              } satisfies TargetRow)
            }
          >
            Add target
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save policy
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A list-level problem ("Add at least one") that belongs to no single input. */
export function FieldMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Text c="red" size="sm" role="alert">
      {String(error)}
    </Text>
  );
}
