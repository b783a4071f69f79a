import type { paths } from './schema';

/** The JSON body of a successful response, by path and method. */
export type Ok<
  P extends keyof paths,
  M extends 'get' | 'post' | 'patch' | 'put' | 'delete',
> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;
