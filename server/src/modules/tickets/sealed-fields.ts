import { EncryptionError, fieldContext, isSealed } from '../../platform/crypto/envelope.js';
import type { Keyring } from '../../platform/crypto/keyring.js';

/**
 * The brand's sensitive custom fields at rest (docs/security.md#encryption-at-rest). A listed key's
 * value is stored in tickets.custom_fields as a sealed string (its JSON, so numbers and booleans come
 * back as they were), bound to `tickets.custom_fields.<key>:<ticket id>`: copied to another ticket or
 * key, it does not open. History records such a value as "[sealed]", and a masked viewer sees "***".
 */

/** What history (ticket_events) records instead of a sealed field's value. */
export const SEALED = '[sealed]';
/** What a reader gets for a sealed value that does not open (its data key's KEK is not configured). */
export const UNREADABLE = '[sealed: cannot be opened]';
/** What a masked viewer sees for a sealed field. */
export const MASKED = '***';

type Fields = Record<string, unknown>;

export const customFieldContext = (ticketId: string, key: string) =>
  fieldContext('tickets', `custom_fields.${key}`, ticketId);

/** Whether a stored value is sealed (a value, not a key of the list: the list may have changed since). */
export const sealedValue = (v: unknown): v is string => typeof v === 'string' && isSealed(v);

/** The listed keys' values sealed (null stays null: there is nothing to hide). keyring.ready() first. */
export function sealFields(
  keyring: Keyring,
  ticketId: string,
  fields: Fields,
  keys: readonly string[],
): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) =>
      keys.includes(key) && value !== null && !sealedValue(value)
        ? [key, keyring.seal(JSON.stringify(value), customFieldContext(ticketId, key))]
        : [key, value],
    ),
  );
}

/** Whether these fields hold a value that must be sealed: a listed key with a value. */
export function needsSealing(fields: Fields, keys: readonly string[]): boolean {
  return keys.some((k) => fields[k] !== undefined && fields[k] !== null && !sealedValue(fields[k]));
}

/**
 * Every sealed value opened. One that does not open becomes UNREADABLE rather than failing the
 * read: a list of tickets must not break on one value whose key is gone.
 */
export async function openFields(keyring: Keyring, ticketId: string, fields: Fields): Promise<Fields> {
  if (!Object.values(fields).some(sealedValue)) return fields;
  const opened = async (key: string, value: unknown) => {
    if (!sealedValue(value)) return value;
    try {
      return JSON.parse(await keyring.open(value, customFieldContext(ticketId, key))) as unknown;
    } catch (err) {
      if (!(err instanceof EncryptionError) && !(err instanceof SyntaxError)) throw err;
      return UNREADABLE;
    }
  };
  return Object.fromEntries(
    await Promise.all(Object.entries(fields).map(async ([k, v]) => [k, await opened(k, v)] as const)),
  );
}

/** The listed keys' and every sealed value replaced by a placeholder, never opened. */
export function hideFields(fields: Fields, keys: readonly string[], placeholder: string): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) =>
      value !== null && (keys.includes(key) || sealedValue(value)) ? [key, placeholder] : [key, value],
    ),
  );
}

/** A ticket (or inbox row) as the API returns it: its sealed custom fields opened. */
export async function openedTicket<T extends { id: string; custom_fields: Fields }>(
  keyring: () => Keyring,
  ticket: T,
): Promise<T> {
  if (!Object.values(ticket.custom_fields).some(sealedValue)) return ticket;
  return { ...ticket, custom_fields: await openFields(keyring(), ticket.id, ticket.custom_fields) };
}

/** A PATCH of a ticket's custom fields, seen through the brand's sealed keys. */
export interface SealedPatch {
  /** The stored fields opened, to compare the PATCH with. */
  current: Fields;
  /** The PATCH's fields; a placeholder ("***", UNREADABLE) sent back for a sealed value means unchanged. */
  input: Fields;
  /** What to store: the listed keys sealed, an unchanged sealed value exactly as it was stored. */
  toStore(next: Fields): Fields;
  /** What history records: the sealed keys' values as "[sealed]". */
  forHistory(value: Fields): Fields;
}

/**
 * The console sends the whole object back when one field is edited, so a masked agent's "***" (or a
 * value that did not open) must not overwrite the sealed value: it is kept as stored.
 */
export async function sealedPatch(
  keyring: Keyring | undefined,
  ticketId: string,
  stored: Fields,
  input: Fields,
  keys: readonly string[],
): Promise<SealedPatch> {
  const sealedNow = Object.keys(stored).filter((k) => sealedValue(stored[k]));
  const hidden = [...new Set([...keys, ...sealedNow])];
  const needsKeyring = sealedNow.length > 0 || needsSealing(input, keys);
  if (needsKeyring && !keyring) throw new Error('sealed custom fields cannot change without the keyring');
  const current = keyring && sealedNow.length ? await openFields(keyring, ticketId, stored) : stored;
  const kept = Object.keys(input).filter(
    (k) => hidden.includes(k) && k in stored && (input[k] === MASKED || input[k] === UNREADABLE),
  );
  return {
    current,
    input: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, kept.includes(k) ? current[k] : v])),
    toStore(next) {
      const sealed = keyring ? sealFields(keyring, ticketId, next, keys) : next;
      return Object.fromEntries(
        Object.entries(sealed).map(([k, v]) => [
          k,
          kept.includes(k) && sealedValue(stored[k]) ? stored[k] : v,
        ]),
      );
    },
    forHistory: (value) => hideFields(value, hidden, SEALED),
  };
}
