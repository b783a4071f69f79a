import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { CHANNELS, ruleTestBody } from '../../api/server-schemas';
import { FormProblem } from '../admin/AdminPage';
import { orNull, useSchemaForm } from '../admin/use-schema-form';

/** "Which queue would this contact get?": the stored rules applied by the server to typed-in facts. */
export function RuleTest() {
  const initialValues = {
    channel: 'email',
    language: '',
    tags: [] as string[],
    tier: '',
    segment: '',
    support_address: '',
    data_region: '',
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({
    channel: v.channel as (typeof CHANNELS)[number],
    language: orNull(v.language),
    tags: v.tags,
    tier: orNull(v.tier),
    segment: orNull(v.segment),
    support_address: orNull(v.support_address),
    data_region: orNull(v.data_region),
  });
  const { form, formError, showProblem } = useSchemaForm({ schema: ruleTestBody, initialValues, toBody });
  const tryRules = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(await api.POST('/api/v1/routing/rules/test', { body: toBody(values) })),
    onError: showProblem,
  });
  const result = tryRules.data;
  return (
    <form
      aria-label="Which queue would this contact get?"
      noValidate
      onSubmit={form.onSubmit((v) => tryRules.mutate(v))}
    >
      <Stack gap="sm" mt="md">
        <Title order={3} size="h5">
          Which queue would this contact get?
        </Title>
        <FormProblem messages={formError} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Channel"
            required
            data={[...CHANNELS]}
            allowDeselect={false}
            {...form.getInputProps('channel')}
          />
          <TextInput label="Language" placeholder="es-MX" {...form.getInputProps('language')} />
          <TagsInput label="Tags" {...form.getInputProps('tags')} />
          <TextInput label="Customer tier" {...form.getInputProps('tier')} />
          <TextInput label="Customer segment" {...form.getInputProps('segment')} />
          <TextInput
            label="Support address"
            placeholder="help@brand.example"
            {...form.getInputProps('support_address')}
          />
          <TextInput label="Data region" placeholder="EU" {...form.getInputProps('data_region')} />
        </SimpleGrid>
        <Group>
          <Button type="submit" variant="default" loading={tryRules.isPending}>
            Try the rules
          </Button>
        </Group>
        {result && (
          <Alert color={result.queue ? 'blue' : 'gray'} role="status" data-testid="rule-test-result">
            {result.queue && result.rule
              ? `Queue “${result.queue.name}”, by rule ${result.rule.name ? `“${result.rule.name}”` : 'without a name'} (position ${result.rule.position}).`
              : 'No active rule matches: the contact would not be filed into any queue.'}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
