import { Button, Group, MultiSelect, NumberInput, Stack, TagsInput, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { queueCreate, queueUpdate } from '../../api/server-schemas';
import { FormProblem } from '../admin/AdminPage';
import { useVendors } from '../admin/queries';
import { useSchemaForm } from '../admin/use-schema-form';
import { type Queue, routingKeys } from './queries';

/** Create or change a queue; the server's own schema checks it, and its problems land at the field. */
export function QueueForm({ queue, onDone }: { queue: Queue | null; onDone: () => void }) {
  const client = useQueryClient();
  const vendors = useVendors();
  const initialValues = {
    name: queue?.name ?? '',
    sticky_days: queue?.sticky_days ?? 0,
    overflow_after_seconds: (queue?.overflow_after_seconds ?? '') as number | '',
    overflow_vendor_ids: queue?.overflow_vendor_ids ?? [],
    required_certifications: queue?.required_certifications ?? [],
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    name: v.name,
    sticky_days: v.sticky_days,
    overflow_after_seconds: v.overflow_after_seconds === '' ? null : v.overflow_after_seconds,
    overflow_vendor_ids: v.overflow_vendor_ids,
    required_certifications: v.required_certifications,
  });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: queue ? queueUpdate : queueCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = toBody(values);
      return queue
        ? unwrap(await api.PATCH('/api/v1/routing/queues/{id}', { params: { path: { id: queue.id } }, body }))
        : unwrap(await api.POST('/api/v1/routing/queues', { body }));
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: routingKeys.queues });
      onDone();
    },
    onError: showProblem,
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <NumberInput
          label="Sticky days"
          description="A returning customer goes back to the same vendor for this many days (0: never)"
          min={0}
          allowDecimal={false}
          {...form.getInputProps('sticky_days')}
        />
        <NumberInput
          label="Overflow after (seconds)"
          description="Empty: a waiting contact never overflows"
          min={1}
          allowDecimal={false}
          {...form.getInputProps('overflow_after_seconds')}
        />
        <MultiSelect
          label="Overflow vendors"
          data={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
          {...form.getInputProps('overflow_vendor_ids')}
        />
        <TagsInput
          label="Required certifications"
          description="An agent must hold each of these, e.g. pci"
          {...form.getInputProps('required_certifications')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save queue
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
