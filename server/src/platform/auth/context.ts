import type { FastifyRequest } from 'fastify';
import type { Actor } from '../db/transaction.js';
import { Forbidden, Unauthorized } from '../errors.js';
import { type Permission, roleAllows } from './permissions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth module's hook from a session cookie or a bearer token. */
    actor: Actor | null;
    /** How the actor authenticated; cookie-authenticated writes must pass the CSRF check. */
    authMethod: 'session' | 'token' | null;
  }
}

/** The authenticated actor with `permission`, or a 401/403 problem. Every protected route starts here. */
export function requireActor(request: FastifyRequest, permission?: Permission): Actor {
  const actor = request.actor;
  if (!actor) throw new Unauthorized('Sign in or send an API token (Authorization: Bearer …)');
  if (permission && !roleAllows(actor.role, permission, actor.scopes)) {
    throw new Forbidden(
      actor.scopes && !actor.scopes.includes(permission)
        ? `This API token lacks the scope ${permission}`
        : `Your role (${actor.role}) may not ${permission.replace(':', ' ')}`,
    );
  }
  return actor;
}
