import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { EncryptionError, KEY_BYTES } from './envelope.js';

/**
 * Where the key-encryption key comes from (docs/security.md, "Encryption at rest"):
 * TANDEM_KEK, else TANDEM_KEK_FILE, else — embedded PGlite only, so `npm start` needs no settings —
 * a key generated once into TANDEM_DATA_DIR/kek.key (mode 0600). An in-memory database gets a key
 * that lives as long as the process, like its data. An external PostgreSQL without a KEK is refused:
 * processes on several hosts cannot share a generated file, and a key beside a database dump is no key.
 */

export type KekConfig = Pick<
  Config,
  'TANDEM_KEK' | 'TANDEM_KEK_FILE' | 'TANDEM_KEK_PREVIOUS' | 'TANDEM_DATA_DIR' | 'embedded'
>;

export interface Keks {
  current: Buffer;
  previous: Buffer[];
  source: 'TANDEM_KEK' | 'TANDEM_KEK_FILE' | 'data directory' | 'memory';
}

function decode(base64: string, where: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new EncryptionError(`${where}: not base64 of exactly 32 bytes`);
  return key;
}

export const KEK_FILE_NAME = 'kek.key';

export function resolveKeks(config: KekConfig): Keks {
  const previous = (config.TANDEM_KEK_PREVIOUS ?? '')
    .split(',')
    .filter(Boolean)
    .map((k) => decode(k, 'TANDEM_KEK_PREVIOUS'));
  if (config.TANDEM_KEK)
    return { current: decode(config.TANDEM_KEK, 'TANDEM_KEK'), previous, source: 'TANDEM_KEK' };
  if (config.TANDEM_KEK_FILE) {
    const path = resolve(config.TANDEM_KEK_FILE);
    return { current: decode(readFileSync(path, 'utf8'), path), previous, source: 'TANDEM_KEK_FILE' };
  }
  if (!config.embedded)
    throw new EncryptionError(
      'TANDEM_KEK (or TANDEM_KEK_FILE) is required with an external PostgreSQL: generate one with `openssl rand -base64 32` and keep it outside the database and its backups.',
    );
  if (config.TANDEM_DATA_DIR === ':memory:')
    return { current: randomBytes(KEY_BYTES), previous, source: 'memory' };
  const dir = resolve(config.TANDEM_DATA_DIR);
  const path = join(dir, KEK_FILE_NAME);
  mkdirSync(dir, { recursive: true });
  try {
    // 'wx': two processes starting at once cannot both write; the loser reads the winner's key.
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
  }
  return { current: decode(readFileSync(path, 'utf8'), path), previous, source: 'data directory' };
}
