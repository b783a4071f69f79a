import { z } from 'zod';

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
export type PatchShape<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> };

/**
 * The body of a PATCH built from a create schema's fields: each one optional and none defaulted.
 * A create's `.default()` would otherwise fill every field the client left out (zod applies
 * defaults inside `.partial()`), so the update would reset columns the client never named.
 */
export function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodObject<PatchShape<S>> {
  const fields = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => {
      if (!(field instanceof z.ZodDefault)) return [key, (field as z.ZodType).optional()];
      const inner = field.removeDefault() as z.ZodType;
      return [key, (field.description ? inner.describe(field.description) : inner).optional()];
    }),
  );
  return z.object(fields) as unknown as z.ZodObject<PatchShape<S>>;
}
