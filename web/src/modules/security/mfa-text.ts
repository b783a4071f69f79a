import { ApiError } from '../../api/errors';

/** The base32 secret in groups of four, for typing into an authenticator app by hand. */
export function groupsOfFour(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/** Plain English for what can go wrong with a code. */
export function codeErrorMessage(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = error.problem.detail?.match(/try again in (\d+) s/)?.[1];
      return `Too many wrong codes. Try again in ${wait ? `${wait} seconds` : 'a few minutes'}.`;
    }
    if (error.status === 401 && /expired/.test(error.problem.detail ?? ''))
      return 'This sign-in took too long. Enter your email and password again.';
    if (error.status === 401 || error.status === 422)
      return 'That code is wrong or was already used. Wait for the next code in your app and try again.';
    if (error.status === 409) return error.problem.detail ?? 'Two-step sign-in is already on.';
  }
  return error instanceof Error ? error.message : 'Something went wrong. Try again.';
}
