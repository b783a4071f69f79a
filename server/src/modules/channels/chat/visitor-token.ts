import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A visitor's identity in the widget: a random id the browser keeps in localStorage, and a token that
 * proves the server issued that id for this organization. Without the secret no one can mint a token
 * for someone else's visitor id, so knowing an id (e.g. from a shared screenshot) reads nothing.
 */

const VISITOR_ID = /^[A-Za-z0-9_-]{22}$/;

export function newVisitorId(): string {
  return randomBytes(16).toString('base64url');
}

function signature(secret: string, organizationId: string, visitorId: string): string {
  return createHmac('sha256', secret)
    .update(`chat-visitor:${organizationId}:${visitorId}`)
    .digest('base64url');
}

export function signVisitorToken(secret: string, organizationId: string, visitorId: string): string {
  return `v1.${visitorId}.${signature(secret, organizationId, visitorId)}`;
}

/** The visitor id the token was issued for in this organization, or null for anything else. */
export function verifyVisitorToken(secret: string, organizationId: string, token: string): string | null {
  const [version, visitorId, given] = token.split('.');
  if (version !== 'v1' || !visitorId || !given || !VISITOR_ID.test(visitorId)) return null;
  const expected = Buffer.from(signature(secret, organizationId, visitorId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? visitorId : null;
}
