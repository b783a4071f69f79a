import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, type FieldError } from '../errors.js';

/** RFC 9457 problem details. `errors` lists each failing field by JSON path. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
) {
  const problem: Problem = {
    type: `https://tandem.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: request.url,
    code,
    requestId: request.id,
    ...(errors?.length ? { errors } : {}),
  };
  return reply.code(status).type('application/problem+json').send(problem);
}

interface PgError {
  code: string;
  constraint?: string;
  detail?: string;
  column?: string;
  table?: string;
}

function isPgError(err: unknown): err is PgError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as PgError).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((err as PgError).code)
  );
}

/**
 * The field a unique violation is about, so a form can show it there: the last column of the key.
 * PostgreSQL's detail reads "Key (organization_id, name)=(…) already exists."; without a detail
 * (embedded PGlite) the default constraint name "<table>_<columns>_key" is read, dropping the
 * scoping columns (organization_id, vendor_id) that lead every tenant-unique key.
 */
function uniqueField(err: PgError): string | undefined {
  const fromDetail = err.detail
    ?.match(/^Key \(([^)]*)\)=/)?.[1]
    ?.split(',')
    .pop()
    ?.trim();
  if (fromDetail) return /^[a-z_]+$/.test(fromDetail) ? fromDetail : undefined;
  if (!err.table || !err.constraint?.startsWith(`${err.table}_`) || !err.constraint.endsWith('_key'))
    return undefined;
  let columns = err.constraint.slice(err.table.length + 1, -'_key'.length);
  for (const scope of ['organization_id_', 'vendor_id_'])
    if (columns.startsWith(scope)) columns = columns.slice(scope.length);
  return /^[a-z]+(_[a-z]+)*$/.test(columns) && columns.length > 0 ? columns : undefined;
}

/** Maps database rejections caused by the request to 4xx; everything else stays a 500. */
function fromPg(
  err: PgError,
): { status: number; code: string; detail: string; errors?: FieldError[] } | undefined {
  const field = err.column ?? (err.code === '23505' ? uniqueField(err) : undefined) ?? err.constraint;
  const message = err.code === '23505' ? 'already exists' : (err.detail ?? err.code);
  const errors = field ? [{ path: `body.${field}`, message }] : undefined;
  switch (err.code) {
    case '23505':
      return {
        status: 409,
        code: 'duplicate',
        detail: err.detail ?? 'A row with these unique values exists already',
        errors,
      };
    case '23503':
      return {
        status: 422,
        code: 'unknown_reference',
        detail: err.detail ?? 'A referenced row does not exist',
        errors,
      };
    case '23514':
    case '23502':
      return {
        status: 422,
        code: 'invalid',
        detail: err.detail ?? `Constraint ${err.constraint ?? ''} failed`,
        errors,
      };
    case '22P02':
    case '22007':
    case '22008':
    case '22023':
      return { status: 400, code: 'malformed_value', detail: 'A value has the wrong format' };
    case '42501':
      // Row-level security rejected a write: the row belongs to someone the actor may not touch.
      return { status: 403, code: 'forbidden', detail: 'Not allowed for your vendor or role' };
    default:
      return undefined;
  }
}

/** Fastify names the parts body, querystring, params, headers; problems use body, query, params, headers. */
function zodPath(instancePath: string | undefined, context: string): string {
  const parts = (instancePath ?? '').split('/').filter(Boolean);
  return [context === 'querystring' ? 'query' : context, ...parts].join('.');
}

export function registerProblemHandlers(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, 'route_not_found', `No route ${request.method} ${request.url}`),
  );
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        path: zodPath(v.instancePath, err.validationContext ?? 'body'),
        message: v.message ?? 'invalid',
      }));
      return sendProblem(
        request,
        reply,
        400,
        'validation_failed',
        'The request does not match the schema',
        errors,
      );
    }
    if (err instanceof DomainError)
      return sendProblem(request, reply, err.status, err.code, err.message, err.errors);
    if (isPgError(err)) {
      const mapped = fromPg(err);
      if (mapped)
        return sendProblem(request, reply, mapped.status, mapped.code, mapped.detail, mapped.errors);
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return sendProblem(request, reply, 500, 'internal', 'The server produced an invalid response');
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'malformed_json'
          : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'body_too_large'
            : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
              ? 'unsupported_media_type'
              : 'bad_request';
      return sendProblem(request, reply, status, code, err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      500,
      'internal',
      'Something went wrong on our side; the request id helps us find it',
    );
  });
}
