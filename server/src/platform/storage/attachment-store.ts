import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.js';

/**
 * Where file bytes live (attachments, original emails). Content-addressed: the key is the SHA-256 of
 * the bytes, so a file sent twice is stored once and a retried put is harmless. Rows in the database
 * (attachments, email_intake) say who may read which key; the store itself knows nothing of access.
 * An S3-compatible store implements the same three calls.
 */
export interface AttachmentStore {
  put(bytes: Uint8Array): Promise<{ key: string; sha256: string; size: number }>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{64}$/;

function sha256(bytes: Uint8Array) {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkKey(key: string) {
  // Keys become paths: only our own hex digests, never a caller's "../".
  if (!KEY.test(key)) throw new Error(`not a storage key: ${key}`);
}

/** Files under a directory, fanned out by the first two hex digits. */
export class FilesystemStore implements AttachmentStore {
  constructor(private readonly root: string) {}

  private path(key: string) {
    checkKey(key);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(bytes: Uint8Array) {
    const key = sha256(bytes);
    const path = this.path(key);
    const exists = await stat(path).then(
      (s) => s.size === bytes.byteLength,
      () => false,
    );
    if (!exists) {
      await mkdir(dirname(path), { recursive: true });
      // Write aside and rename: a reader never sees half a file, and concurrent puts of one key agree.
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    }
    return { key, sha256: key, size: bytes.byteLength };
  }

  async get(key: string) {
    return readFile(this.path(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
  }

  async delete(key: string) {
    await rm(this.path(key), { force: true });
  }
}

/** For TANDEM_DATA_DIR=':memory:' (tests, throwaway runs): bytes live as long as the process. */
export class MemoryStore implements AttachmentStore {
  private readonly files = new Map<string, Buffer>();

  async put(bytes: Uint8Array) {
    const key = sha256(bytes);
    this.files.set(key, Buffer.from(bytes));
    return { key, sha256: key, size: bytes.byteLength };
  }

  async get(key: string) {
    checkKey(key);
    return this.files.get(key) ?? null;
  }

  async delete(key: string) {
    this.files.delete(key);
  }
}

const stores = new WeakMap<Config, AttachmentStore>();

/**
 * The store for a configuration: TANDEM_DATA_DIR/attachments on disk, or memory for ':memory:'. One
 * per config object, so the SMTP intake and the HTTP download route of a process share it.
 */
export function attachmentStore(config: Config): AttachmentStore {
  let store = stores.get(config);
  if (!store) {
    store =
      config.TANDEM_DATA_DIR === ':memory:'
        ? new MemoryStore()
        : new FilesystemStore(resolve(config.TANDEM_DATA_DIR, 'attachments'));
    stores.set(config, store);
  }
  return store;
}
