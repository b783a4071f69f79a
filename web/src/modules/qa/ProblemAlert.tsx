import { Alert } from '@mantine/core';
import { ApiError } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';

/** A failed QA action in plain words (the problem's field messages, or its detail). */
export function ProblemAlert({ error }: { error: Error | null }) {
  if (!error) return null;
  const text =
    error instanceof ApiError
      ? [...new Set([...problemFieldErrors(error.problem, []).other])].join(' ')
      : error.message;
  return (
    <Alert color="red" role="alert">
      {text}
    </Alert>
  );
}
