import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptionError } from './envelope.js';
import { KEK_FILE_NAME, resolveKeks } from './kek.js';

const none = { TANDEM_KEK: undefined, TANDEM_KEK_FILE: undefined, TANDEM_KEK_PREVIOUS: undefined };

describe('where the KEK comes from', () => {
  it('takes TANDEM_KEK, then TANDEM_KEK_FILE, with former keys from TANDEM_KEK_PREVIOUS', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const dir = mkdtempSync(join(tmpdir(), 'tandem-kek-'));
    writeFileSync(join(dir, 'k'), `${b.toString('base64')}\n`);
    const base = { ...none, TANDEM_DATA_DIR: dir, embedded: false };
    const fromEnv = resolveKeks({
      ...base,
      TANDEM_KEK: a.toString('base64'),
      TANDEM_KEK_PREVIOUS: b.toString('base64'),
    });
    expect(fromEnv.current.equals(a)).toBe(true);
    expect(fromEnv.previous.map((k) => k.equals(b))).toEqual([true]);
    expect(resolveKeks({ ...base, TANDEM_KEK_FILE: join(dir, 'k') }).current.equals(b)).toBe(true);
  });

  it('refuses an external database without a KEK rather than store secrets unencrypted', () => {
    expect(() => resolveKeks({ ...none, TANDEM_DATA_DIR: './data', embedded: false })).toThrow(
      EncryptionError,
    );
  });

  it('generates one KEK into the embedded data directory (0600) and keeps using it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tandem-kek-')), 'data');
    const first = resolveKeks({ ...none, TANDEM_DATA_DIR: dir, embedded: true });
    const again = resolveKeks({ ...none, TANDEM_DATA_DIR: dir, embedded: true });
    expect(first.source).toBe('data directory');
    expect(again.current.equals(first.current)).toBe(true);
    expect(
      Buffer.from(readFileSync(join(dir, KEK_FILE_NAME), 'utf8').trim(), 'base64').equals(first.current),
    ).toBe(true);
    expect(statSync(join(dir, KEK_FILE_NAME)).mode & 0o777).toBe(0o600);
  });
});
