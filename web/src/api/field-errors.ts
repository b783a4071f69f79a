import type { ApiError, Problem } from './errors';
import { plainMessage } from './plain-messages';

/** Messages by form field path ("name", "skills.0.proficiency"), plus those no field shows. */
export interface FieldErrors {
  fields: Record<string, string>;
  other: string[];
}

/**
 * Maps problem+json `errors[].path` ("body.name", "body.0.proficiency") onto form fields. `prefix`
 * is the form path the request body sits at (a PUT whose body is the `skills` array: "skills").
 * A path with no known field (a constraint, a query parameter) lands in `other`, shown above the form.
 */
export function problemFieldErrors(
  problem: Pick<Problem, 'errors' | 'detail' | 'title'>,
  knownFields: readonly string[],
  prefix = '',
): FieldErrors {
  const result: FieldErrors = { fields: {}, other: [] };
  for (const { path: problemPath, message: raw } of problem.errors ?? []) {
    const message = plainMessage(raw, problemPath);
    if (!problemPath.startsWith('body')) {
      result.other.push(`${problemPath}: ${message}`);
      continue;
    }
    const rest = problemPath.replace(/^body\.?/, '');
    const path = [prefix, rest].filter(Boolean).join('.');
    const field = knownFields.find((f) => path === f || path.startsWith(`${f}.`));
    if (field) result.fields[path === field ? field : path] ??= message;
    else result.other.push(rest ? `${rest}: ${message}` : message);
  }
  if (result.other.length === 0 && Object.keys(result.fields).length === 0)
    result.other.push(problem.detail ?? problem.title ?? 'The request failed');
  return result;
}

/** zod issues (from the same schemas the server uses) keyed by form path, in plain words. */
export function zodFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    fields[path] ??= plainMessage(issue.message, path);
  }
  return fields;
}

export const isApiError = (err: unknown): err is ApiError =>
  typeof err === 'object' && err !== null && 'problem' in err;
