import { Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { macroCreate, macroUpdate, PLACEHOLDERS, unknownPlaceholders } from '../../api/server-schemas';
import { FormProblem } from '../admin/AdminPage';
import { useSchemaForm } from '../admin/use-schema-form';
import { changedFields } from '../service-levels/durations';
import { insertAt } from './macro-status';
import { type Macro, macroKeys } from './queries';

const placeholderList = PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');

/** The server's schema plus the placeholder check its service makes, so the field says it first. */
const withPlaceholders = <S extends typeof macroCreate | typeof macroUpdate>(schema: S) =>
  schema.superRefine((value, ctx) => {
    const unknown = value.body === undefined ? [] : unknownPlaceholders(value.body);
    if (unknown.length)
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: `${unknown.map((u) => `{{${u}}}`).join(', ')} is not a placeholder; use ${placeholderList}`,
      });
  });

/**
 * Create or change a macro. A brand admin's is approved when saved; a vendor user's is a proposal
 * that waits for a brand admin. An edit sends only the fields that changed.
 */
export function MacroForm({
  macro,
  brand,
  onDone,
}: {
  macro: Macro | null;
  brand: boolean;
  onDone: () => void;
}) {
  const client = useQueryClient();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const initialValues = {
    name: macro?.name ?? '',
    language: macro?.language ?? 'en',
    body: macro?.body ?? '',
  };
  type Values = typeof initialValues;
  const toBody = (v: Values) => ({ name: v.name, language: v.language.trim(), body: v.body });
  const { form, formError, showProblem, counted } = useSchemaForm({
    schema: withPlaceholders(macro ? macroUpdate : macroCreate),
    initialValues,
    toBody,
  });
  const save = useMutation({
    mutationFn: async (values: Values) => {
      if (!macro) return unwrap(await api.POST('/api/v1/macros', { body: toBody(values) }));
      const body = changedFields(toBody(initialValues), toBody(values));
      if (Object.keys(body).length === 0) return macro;
      return unwrap(await api.PATCH('/api/v1/macros/{id}', { params: { path: { id: macro.id } }, body }));
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: macroKeys.all });
      onDone();
    },
    onError: showProblem,
  });
  const insert = (placeholder: string) => {
    const area = bodyRef.current;
    const text = form.getValues().body;
    const start = area?.selectionStart ?? text.length;
    const end = area?.selectionEnd ?? text.length;
    const next = insertAt(text, start, end, `{{${placeholder}}}`);
    form.setFieldValue('body', next.text);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(next.caret, next.caret);
    });
  };
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <FormProblem messages={formError} />
        {!brand && !macro && (
          <Text size="sm" c="dimmed">
            Your macro is a proposal for your vendor: agents can use it once a brand admin approves it.
          </Text>
        )}
        <TextInput label="Name" required {...form.getInputProps('name')} {...counted('name')} />
        <TextInput
          label="Language"
          required
          description='The language of the text, as a short code: "en", "es", "pt-BR"'
          {...form.getInputProps('language')}
        />
        <Textarea
          ref={bodyRef}
          label="Text"
          required
          autosize
          minRows={5}
          description="What the agent sends. Placeholders are filled in for each ticket."
          {...form.getInputProps('body')}
          {...counted('body')}
        />
        <div>
          <Text size="sm" fw={500} id="placeholder-help">
            Insert a placeholder
          </Text>
          <Group gap={6} mt={4} role="group" aria-labelledby="placeholder-help">
            {PLACEHOLDERS.map((p) => (
              <Button key={p} size="compact-xs" variant="light" onClick={() => insert(p)}>
                {`{{${p}}}`}
              </Button>
            ))}
          </Group>
        </div>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {brand || macro ? 'Save macro' : 'Propose macro'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
