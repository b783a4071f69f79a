import type { ApiError } from '../../api/errors';
import { isApiError, problemFieldErrors } from '../../api/field-errors';
import { erasureCreate } from '../../api/server-schemas';

/** The reason's problem before sending (the server's own schema), or null when it may be sent. */
export function reasonProblem(reason: string): string | null {
  const parsed = erasureCreate.safeParse({ reason });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Give a reason');
}

/** Why an erasure failed, in words: the reason's field message, or the problem's detail (409 …). */
export function erasureError(error: Error): { reason?: string; other?: string } {
  if (!isApiError(error)) return { other: error.message };
  const problem = (error as ApiError).problem;
  if (problem.status === 409)
    return { other: problem.detail ?? 'This customer was already erased, or merged into another.' };
  const fields = problemFieldErrors(problem, ['reason']);
  return { reason: fields.fields.reason, other: fields.other.join(' ') || undefined };
}

/** "312 rows in 9 tables, 2 files deleted." from the erasure's counts. */
export function erasureSummary(result: { counts: Record<string, number>; files_deleted: number }): string {
  const tables = Object.values(result.counts).filter((n) => n > 0);
  const rows = tables.reduce((a, b) => a + b, 0);
  const files = result.files_deleted;
  return `${rows} ${rows === 1 ? 'row' : 'rows'} in ${tables.length} ${
    tables.length === 1 ? 'table' : 'tables'
  } erased or redacted, ${files} ${files === 1 ? 'file' : 'files'} deleted.`;
}

/** The export's file name: no personal data in it, only the id and the day. */
export const exportFileName = (customerId: string, now = new Date()) =>
  `customer-${customerId}-${now.toISOString().slice(0, 10)}.json`;
