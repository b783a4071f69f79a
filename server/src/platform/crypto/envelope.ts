import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption, pure (docs/security.md, "Encryption at rest"). A value is sealed with
 * AES-256-GCM under a data key (DEK); DEKs are stored wrapped (AES-256-GCM again) under the
 * key-encryption key (KEK) from the configuration. Only node:crypto's GCM: no primitive is ours.
 *
 * A sealed value is `tdm1:<dek id>:<iv>:<tag>:<ciphertext>` (base64url parts): the version and the
 * key id say how to open it. The additional data is the header plus the value's owner (`table.column:
 * row id`), so a sealed value copied to another row, column or key id does not open.
 */

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_PREFIX = 'tdm1:';
const WRAPPED_PREFIX = 'w1:';

export class EncryptionError extends Error {}

const b64 = (b: Buffer) => b.toString('base64url');
/** Strict base64url: Node ignores stray characters and spare bits, so a changed character could open. */
function bytes(part: string): Buffer {
  const out = Buffer.from(part, 'base64url');
  if (b64(out) !== part) throw new EncryptionError('malformed sealed value');
  return out;
}

/** Where a value lives: its additional data. Moving it anywhere else makes it unreadable. */
export function fieldContext(table: string, column: string, rowId: string): string {
  return `${table}.${column}:${rowId}`;
}

/** A short public fingerprint of a KEK, stored beside each wrapped DEK to say which KEK opens it. */
export function kekId(kek: Buffer): string {
  return createHash('sha256').update('tandem kek id ').update(kek).digest('hex').slice(0, 16);
}

export function newDataKey(): { id: string; key: Buffer } {
  return { id: randomBytes(6).toString('hex'), key: randomBytes(KEY_BYTES) };
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; tag: Buffer; body: Buffer } {
  if (key.length !== KEY_BYTES) throw new EncryptionError('an AES-256 key is 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), body };
}

function decrypt(key: Buffer, iv: Buffer, tag: Buffer, body: Buffer, aad: string): Buffer {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new EncryptionError('malformed sealed value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new EncryptionError('the value does not open: wrong key, wrong owner or tampered');
  }
}

/** Wraps a DEK under the KEK, bound to the DEK's id. */
export function wrapDataKey(kek: Buffer, dekId: string, dek: Buffer): string {
  const { iv, tag, body } = encrypt(kek, dek, `tandem dek ${dekId}`);
  return `${WRAPPED_PREFIX}${b64(iv)}:${b64(tag)}:${b64(body)}`;
}

export function unwrapDataKey(kek: Buffer, dekId: string, wrapped: string): Buffer {
  const parts = wrapped.startsWith(WRAPPED_PREFIX) ? wrapped.slice(WRAPPED_PREFIX.length).split(':') : [];
  if (parts.length !== 3) throw new EncryptionError('unknown wrapped key format');
  const [iv, tag, body] = parts.map(bytes) as [Buffer, Buffer, Buffer];
  const dek = decrypt(kek, iv, tag, body, `tandem dek ${dekId}`);
  if (dek.length !== KEY_BYTES) throw new EncryptionError('a wrapped key is not 32 bytes');
  return dek;
}

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** The id of the DEK a sealed value needs, or null for a value that is not sealed. */
export function sealedKeyId(value: string): string | null {
  if (!isSealed(value)) return null;
  return value.slice(SEALED_PREFIX.length).split(':')[0] || null;
}

export function seal(dekId: string, dek: Buffer, plaintext: string, context: string): string {
  const header = `${SEALED_PREFIX}${dekId}`;
  const { iv, tag, body } = encrypt(dek, Buffer.from(plaintext, 'utf8'), `${header}|${context}`);
  return `${header}:${b64(iv)}:${b64(tag)}:${b64(body)}`;
}

export function open(dek: Buffer, sealed: string, context: string): string {
  const parts = isSealed(sealed) ? sealed.slice(SEALED_PREFIX.length).split(':') : [];
  if (parts.length !== 4 || !parts[0]) throw new EncryptionError('not a sealed value');
  const [dekId, iv, tag, body] = parts as [string, string, string, string];
  const aad = `${SEALED_PREFIX}${dekId}|${context}`;
  return decrypt(dek, bytes(iv), bytes(tag), bytes(body), aad).toString('utf8');
}
