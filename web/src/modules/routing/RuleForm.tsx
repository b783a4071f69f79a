import { Button, Checkbox, Group, MultiSelect, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { CHANNELS, ruleCreate, ruleUpdate } from '../../api/server-schemas';
import { FormProblem } from '../admin/AdminPage';
import { useSchemaForm } from '../admin/use-schema-form';
import { type Queue, type Rule, routingKeys } from './queries';
import { nextPosition } from './shares';

const LISTS = [
  ['languages', 'Languages', 'e.g. es, pt-BR (es also matches es-MX)'],
  ['tags_any', 'Any of these tags', 'e.g. vip, refund'],
  ['tiers', 'Customer tiers', 'e.g. gold'],
  ['segments', 'Customer segments', 'e.g. enterprise'],
  ['support_addresses', 'Support addresses', 'the address the contact was sent to'],
  ['data_regions', 'Data regions', 'e.g. EU'],
] as const;

type ListKey = (typeof LISTS)[number][0];
type Conditions = Rule['conditions'];

/** A rule: its queue, whether it is active, and conditions (empty means any value). */
export function RuleForm(props: {
  rule: Rule | null;
  rules: readonly Rule[];
  queues: readonly Queue[];
  onDone: () => void;
}) {
  const { rule } = props;
  const client = useQueryClient();
  const c = rule?.conditions ?? {};
  const initialValues = {
    name: rule?.name ?? '',
    queue_id: rule?.queue_id ?? '',
    active: rule?.active ?? true,
    conditions: {
      channels: (c.channels ?? []) as string[],
      languages: c.languages ?? [],
      tags_any: c.tags_any ?? [],
      tiers: c.tiers ?? [],
      segments: c.segments ?? [],
      support_addresses: c.support_addresses ?? [],
      data_regions: c.data_regions ?? [],
    },
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => {
    const conditions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(v.conditions)) if (value.length) conditions[key] = value;
    // Custom-field conditions are not edited here; an edit keeps them as they are.
    if (c.custom_fields) conditions.custom_fields = c.custom_fields;
    return {
      ...(rule ? {} : { position: nextPosition(props.rules) }),
      name: v.name,
      queue_id: v.queue_id,
      active: v.active,
      conditions: conditions as Conditions,
    };
  };
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: rule ? ruleUpdate : ruleCreate,
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = toBody(values);
      return rule
        ? unwrap(await api.PATCH('/api/v1/routing/rules/{id}', { params: { path: { id: rule.id } }, body }))
        : unwrap(
            await api.POST('/api/v1/routing/rules', { body: body as typeof body & { position: number } }),
          );
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: routingKeys.rules });
      props.onDone();
    },
    onError: showProblem,
  });
  /** A list's own error or the first of its items' ("conditions.languages.1"). */
  const listError = (path: string) =>
    form.errors[path] ??
    Object.entries(form.errors).find(([key]) => key.startsWith(`${path}.`))?.[1] ??
    undefined;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        <TextInput label="Name" {...form.getInputProps('name')} {...counted('name')} />
        <Select
          label="Queue"
          required
          data={props.queues.map((q) => ({ value: q.id, label: q.name }))}
          {...form.getInputProps('queue_id')}
        />
        <Checkbox label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <MultiSelect
          label="Channels"
          description="Empty: any channel"
          data={[...CHANNELS]}
          {...form.getInputProps('conditions.channels')}
          error={listError('conditions.channels')}
        />
        {LISTS.map(([key, label, description]: readonly [ListKey, string, string]) => (
          <TagsInput
            key={key}
            label={label}
            description={`${description}. Empty: any`}
            {...form.getInputProps(`conditions.${key}`)}
            error={listError(`conditions.${key}`)}
          />
        ))}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save rule
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
