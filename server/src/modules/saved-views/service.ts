import type { z } from 'zod';
import { roleAllows } from '../../platform/auth/permissions.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import * as repo from './repository.js';
import type { savedViewCreate, savedViewUpdate } from './schemas.js';

/**
 * Saved inbox views. Personal views are their owner's alone; shared ones are read by the owner's
 * vendor (a brand user's by everyone) and changed by their owner or an admin of that scope.
 */

type View = NonNullable<Awaited<ReturnType<typeof repo.find>>>;

function mayShare(actor: Actor) {
  return roleAllows(actor.role, 'views:share', actor.scopes);
}

function checkShare(actor: Actor, shared: boolean | undefined) {
  if (shared && !mayShare(actor)) {
    throw new Forbidden('Only brand admins, vendor admins and team leads share views', [
      { path: 'body.shared', message: 'you may save personal views only' },
    ]);
  }
}

/** Whether the actor may change (or delete) a view they can see. */
function mayChange(actor: Actor, view: View) {
  if (view.owner_user_id === actor.userId) return true;
  if (!view.shared) return false;
  if (actor.role === 'brand_admin') return true;
  return actor.role === 'vendor_admin' && view.vendor_id !== null && view.vendor_id === actor.vendorId;
}

export function listViews(tx: Tx) {
  return repo.list(tx).then((items) => ({ items }));
}

export function createView(tx: Tx, actor: Actor, input: z.output<typeof savedViewCreate>) {
  checkShare(actor, input.shared);
  return repo.insert(tx, {
    organizationId: actor.organizationId,
    ownerUserId: actor.userId,
    vendorId: actor.vendorId,
    name: input.name,
    filters: input.filters,
    shared: input.shared,
  });
}

async function changeable(tx: Tx, actor: Actor, id: string) {
  const view = await repo.find(tx, id);
  if (!view) throw new NotFound('Saved view', id);
  if (!mayChange(actor, view)) {
    throw new Forbidden('Only its owner (or an admin, for a shared view) changes a saved view', [
      { path: 'params.id', message: 'not your view' },
    ]);
  }
  return view;
}

export async function updateView(tx: Tx, actor: Actor, id: string, input: z.output<typeof savedViewUpdate>) {
  const view = await changeable(tx, actor, id);
  checkShare(actor, input.shared && !view.shared);
  const updated = await repo.update(tx, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.filters !== undefined ? { filters: JSON.stringify(input.filters) } : {}),
    ...(input.shared !== undefined ? { shared: input.shared } : {}),
  });
  if (!updated) throw new NotFound('Saved view', id);
  return updated;
}

export async function deleteView(tx: Tx, actor: Actor, id: string) {
  await changeable(tx, actor, id);
  if (!(await repo.remove(tx, id))) throw new NotFound('Saved view', id);
}
