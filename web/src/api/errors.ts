/** RFC 9457 problem details as the server sends them (platform/http/problem.ts). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${problem.status})`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

export const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;
export const isForbidden = (err: unknown) => err instanceof ApiError && err.status === 403;
export const isUnauthorized = (err: unknown) => err instanceof ApiError && err.status === 401;

/** Turns an openapi-fetch result into its data, or throws an ApiError carrying the problem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = result.error;
  const problem: Problem =
    typeof body === 'object' && body !== null
      ? { ...(body as Problem), status: result.response.status }
      : { status: result.response.status, detail: typeof body === 'string' ? body : undefined };
  throw new ApiError(problem);
}
