import { ActionIcon, Button, Group, NumberInput, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { CHANNELS, capacitiesBody, skillsBody } from '../../api/server-schemas';
import { FormProblem } from './AdminPage';
import { adminKeys } from './queries';
import { useSchemaForm } from './use-schema-form';

interface Profile {
  id: string;
  skills: { skill: string; proficiency: number }[];
  capacities: { channel: (typeof CHANNELS)[number]; max_concurrent: number }[];
}

/** An agent's skills (proficiency 1–5) and per-channel capacities, each saved with one PUT. */
export function AgentProfile({ profile }: { profile: Profile }) {
  return (
    <Stack gap="lg">
      <SkillsForm profile={profile} />
      <CapacitiesForm profile={profile} />
    </Stack>
  );
}

function SkillsForm({ profile }: { profile: Profile }) {
  const client = useQueryClient();
  const toBody = (v: { skills: Profile['skills'] }) => v.skills;
  const { form, formError, showProblem } = useSchemaForm({
    schema: skillsBody,
    initialValues: { skills: profile.skills },
    toBody,
    prefix: 'skills',
  });
  const save = useMutation({
    mutationFn: async (values: { skills: Profile['skills'] }) =>
      unwrap(
        await api.PUT('/api/v1/users/{id}/skills', {
          params: { path: { id: profile.id } },
          body: toBody(values),
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
    onError: showProblem,
  });
  return (
    <form aria-label="Skills" noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          Skills
        </Title>
        <FormProblem messages={formError} />
        {form.errors.skills && <FormProblem messages={[String(form.errors.skills)]} />}
        {form.getValues().skills.map((_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
          <Group key={i} align="flex-start" wrap="nowrap">
            <TextInput label="Skill" placeholder="billing" {...form.getInputProps(`skills.${i}.skill`)} />
            <NumberInput
              label="Proficiency (1–5)"
              min={1}
              max={5}
              w={150}
              {...form.getInputProps(`skills.${i}.proficiency`)}
            />
            <ActionIcon
              mt={26}
              variant="default"
              aria-label={`Remove skill ${i + 1}`}
              onClick={() => form.removeListItem('skills', i)}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Button
            variant="default"
            size="xs"
            onClick={() => form.insertListItem('skills', { skill: '', proficiency: 3 })}
          >
            Add skill
          </Button>
          <Button type="submit" size="xs" loading={save.isPending}>
            Save skills
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CapacitiesForm({ profile }: { profile: Profile }) {
  const client = useQueryClient();
  const initial = Object.fromEntries(
    CHANNELS.map((c) => [c, profile.capacities.find((x) => x.channel === c)?.max_concurrent ?? 0]),
  ) as Record<(typeof CHANNELS)[number], number | string>;
  const toBody = (v: typeof initial) =>
    CHANNELS.filter((c) => v[c] !== '' && Number(v[c]) > 0).map((c) => ({
      channel: c,
      max_concurrent: Number(v[c]),
    }));
  const { form, formError, showProblem } = useSchemaForm({
    schema: capacitiesBody,
    initialValues: initial,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: typeof initial) =>
      unwrap(
        await api.PUT('/api/v1/users/{id}/capacities', {
          params: { path: { id: profile.id } },
          body: toBody(values),
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
    onError: showProblem,
  });
  return (
    <form aria-label="Capacities" noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          Capacity per channel
        </Title>
        <FormProblem messages={formError} />
        <Table>
          <Table.Tbody>
            {CHANNELS.map((c) => (
              <Table.Tr key={c}>
                <Table.Td>
                  <NumberInput
                    label={`${c}: conversations at once`}
                    min={0}
                    max={100}
                    {...form.getInputProps(c)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={save.isPending}>
            Save capacities
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
