import { Button, Checkbox, Group, NativeSelect, NumberInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { CHANNELS, targetCreate, targetUpdate, VARIANT_FORMULAS } from '../../api/server-schemas';
import { FormProblem } from '../admin/AdminPage';
import { orNull, useSchemaForm } from '../admin/use-schema-form';
import { changedFields, type SecondUnit, splitSeconds, toSeconds } from './durations';
import { type ServiceLevelTarget, serviceLevelKeys } from './queries';

export const MEASURE_LABELS: Record<string, string> = {
  first_reply: 'answered',
  resolution: 'solved',
};
const VARIANTS = Object.entries(VARIANT_FORMULAS).map(([value, formula]) => ({
  value,
  label: `${value}: ${formula}`,
}));

/**
 * Create or change a contract target. The threshold is entered in seconds, minutes or hours and sent
 * in seconds; an edit sends only what changed (the vendor is fixed once created).
 */
export function TargetForm(props: {
  target: ServiceLevelTarget | null;
  vendors: { id: string; name: string }[];
  vendorId: string;
  onDone: () => void;
}) {
  const { target } = props;
  const client = useQueryClient();
  const threshold = splitSeconds(target?.threshold_seconds ?? 30);
  const initialValues = {
    vendor_id: target?.vendor_id ?? props.vendorId,
    name: target?.name ?? '',
    measure: target?.measure ?? 'first_reply',
    threshold_seconds: threshold.amount as number | '',
    threshold_unit: threshold.unit as SecondUnit,
    target_percent: (target?.target_percent ?? 80) as number | '',
    variant: String(target?.variant ?? 1),
    channel: target?.channel ?? '',
    queue: target?.queue ?? '',
    business: target?.business ?? false,
    active: target?.active ?? true,
  };
  type Values = typeof initialValues;
  const fields = (v: Values) => ({
    name: v.name,
    measure: v.measure,
    threshold_seconds:
      v.threshold_seconds === '' ? undefined : toSeconds(v.threshold_seconds, v.threshold_unit),
    target_percent: v.target_percent === '' ? undefined : v.target_percent,
    variant: Number(v.variant),
    channel: v.channel === '' ? null : v.channel,
    queue: orNull(v.queue),
    business: v.business,
    active: v.active,
  });
  const toBody = (v: Values) => (target ? fields(v) : { vendor_id: v.vendor_id, ...fields(v) });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: target ? targetUpdate : targetCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      if (!target)
        return unwrap(await api.POST('/api/v1/service-level-targets', { body: toBody(values) as never }));
      const body = changedFields(fields(initialValues), fields(values));
      if (Object.keys(body).length === 0) return target;
      return unwrap(
        await api.PATCH('/api/v1/service-level-targets/{id}', {
          params: { path: { id: target.id } },
          body: body as never,
        }),
      );
    },
    onSuccess: async () => {
      // A new or changed target changes the month's attainment rows too.
      await client.invalidateQueries({ queryKey: serviceLevelKeys.targets });
      await client.invalidateQueries({ queryKey: serviceLevelKeys.attainments });
      props.onDone();
    },
    onError: showProblem,
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        {!target && (
          <NativeSelect
            label="Vendor"
            required
            data={[
              { value: '', label: 'Choose a vendor' },
              ...props.vendors.map((v) => ({ value: v.id, label: v.name })),
            ]}
            {...form.getInputProps('vendor_id')}
          />
        )}
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <NativeSelect
          label="Measure"
          data={[
            { value: 'first_reply', label: 'First reply (calls: answered)' },
            { value: 'resolution', label: 'Resolution' },
          ]}
          {...form.getInputProps('measure')}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Within"
            min={1}
            clampBehavior="none"
            required
            {...form.getInputProps('threshold_seconds')}
          />
          <NativeSelect
            label="Unit"
            data={['seconds', 'minutes', 'hours']}
            {...form.getInputProps('threshold_unit')}
          />
          <NumberInput
            label="Target (%)"
            min={0}
            max={100}
            clampBehavior="none"
            decimalScale={2}
            required
            {...form.getInputProps('target_percent')}
          />
        </Group>
        <NativeSelect
          label="Variant (how abandoned contacts count)"
          data={VARIANTS}
          {...form.getInputProps('variant')}
        />
        <Group grow align="flex-start">
          <NativeSelect
            label="Channel"
            data={[{ value: '', label: 'Any channel' }, ...CHANNELS.map((c) => ({ value: c, label: c }))]}
            {...form.getInputProps('channel')}
          />
          <TextInput label="Queue" description="Empty: any queue" {...form.getInputProps('queue')} />
        </Group>
        <Checkbox
          label="Count business hours only"
          {...form.getInputProps('business', { type: 'checkbox' })}
        />
        <Checkbox label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save target
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
