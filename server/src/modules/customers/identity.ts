import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { IdentityKind } from '../../platform/db/schema.js';

/**
 * How a customer is recognised across channels. Values are stored normalised so the unique index on
 * (organization, kind, value) finds the same person however an agent or a channel typed it.
 */
export interface Identity {
  kind: IdentityKind;
  value: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The stored form of an identity value, or null when the value cannot be one. */
export function normaliseIdentity(kind: IdentityKind, raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  switch (kind) {
    case 'email': {
      const email = value.toLowerCase();
      return email.length <= 320 && EMAIL.test(email) ? email : null;
    }
    case 'phone': {
      // Without a country we can only trust numbers in international form (+63 …, 0063 …).
      const international = value.startsWith('00') ? `+${value.slice(2)}` : value;
      const phone = parsePhoneNumberFromString(international);
      return phone?.isValid() ? phone.number : null;
    }
    case 'chat_visitor':
    case 'external':
      return value.length <= 200 ? value : null;
  }
}

/** The identities named in a customer payload, in the order resolution should trust them. */
export function identitiesOf(customer: {
  email?: string | undefined;
  phone?: string | undefined;
  external_id?: string | undefined;
  chat_visitor_id?: string | undefined;
}): Identity[] {
  const found: Identity[] = [];
  if (customer.external_id) found.push({ kind: 'external', value: customer.external_id });
  if (customer.email) found.push({ kind: 'email', value: customer.email });
  if (customer.phone) found.push({ kind: 'phone', value: customer.phone });
  if (customer.chat_visitor_id) found.push({ kind: 'chat_visitor', value: customer.chat_visitor_id });
  return found;
}

/** The payload field an identity came from, for error paths like body.customer.email. */
export const IDENTITY_FIELD: Record<IdentityKind, string> = {
  email: 'email',
  phone: 'phone',
  external: 'external_id',
  chat_visitor: 'chat_visitor_id',
};
