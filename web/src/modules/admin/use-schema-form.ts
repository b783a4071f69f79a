import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { z } from 'zod';
import { ApiError } from '../../api/errors';
import { problemFieldErrors, zodFieldErrors } from '../../api/field-errors';

/**
 * A Mantine form validated by the server's own zod schema (after `toBody` turns form values into
 * the request body), whose server problems land next to the fields they name.
 */
export function useSchemaForm<V extends Record<string, unknown>>(options: {
  schema: z.ZodType;
  initialValues: V;
  toBody: (values: V) => unknown;
  /** Where the request body sits in the form (an array body such as skills). */
  prefix?: string;
}) {
  const [formError, setFormError] = useState<string[]>([]);
  const form = useForm<V>({
    mode: 'controlled',
    initialValues: options.initialValues,
    validate: (values) => {
      const parsed = options.schema.safeParse(options.toBody(values));
      if (parsed.success) return {};
      const errors = zodFieldErrors(parsed.error.issues);
      if (!options.prefix) return errors;
      return Object.fromEntries(
        Object.entries(errors).map(([path, message]) => [
          [options.prefix, path].filter(Boolean).join('.'),
          message,
        ]),
      );
    },
  });
  /** Shows a failed request: field messages beside their fields, the rest above the form. */
  const showProblem = (err: unknown) => {
    if (!(err instanceof ApiError)) {
      setFormError([err instanceof Error ? err.message : String(err)]);
      return;
    }
    const mapped = problemFieldErrors(err.problem, Object.keys(form.getValues()), options.prefix);
    form.setErrors(mapped.fields);
    setFormError(mapped.other);
  };
  /**
   * Props for a free-text input whose schema sets a maximum length: the browser stops typing at the
   * limit and the description counts, e.g. "12 / 500 characters".
   */
  const counted = (field: keyof V & string) => {
    const max = maxLengthOf(options.schema, field);
    if (max === undefined) return {};
    const value = form.getValues()[field];
    const length = typeof value === 'string' ? value.length : 0;
    return { maxLength: max, description: `${length} / ${max} characters` };
  };
  return { form, formError, setFormError, showProblem, counted };
}

/** The longest string a top-level field of an object schema accepts, if the schema sets one. */
export function maxLengthOf(schema: z.ZodType, field: string): number | undefined {
  let node: unknown = (schema as { shape?: Record<string, unknown> }).shape?.[field];
  // Optional, nullable and default wrappers hold the string schema inside.
  while (node && typeof (node as { unwrap?: unknown }).unwrap === 'function')
    node = (node as { unwrap: () => unknown }).unwrap();
  const max = (node as { maxLength?: number | null } | undefined)?.maxLength;
  return typeof max === 'number' && Number.isFinite(max) ? max : undefined;
}

/** '' from a text input means "no value" to the API. */
export const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
