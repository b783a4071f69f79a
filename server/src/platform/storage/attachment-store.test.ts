import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesystemStore, MemoryStore } from './attachment-store.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['filesystem', new FilesystemStore(join(dir, 'attachments'))],
  ['memory', new MemoryStore()],
])('%s attachment store', (_kind, store) => {
  it('stores bytes under their SHA-256, once, and gives them back', async () => {
    const bytes = Buffer.from(`invoice ${_kind}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = await store.put(bytes);
    const again = await store.put(bytes);
    expect(first).toEqual({ key: sha, sha256: sha, size: bytes.length });
    expect(again).toEqual(first);
    expect((await store.get(sha))?.equals(bytes)).toBe(true);
    await store.delete(sha);
    expect(await store.get(sha)).toBeNull();
  });

  it('refuses keys that are not its own digests', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a storage key/);
  });
});

it('fans files out by the first two hex digits and leaves no temp files', async () => {
  const store = new FilesystemStore(join(dir, 'fan'));
  const { key } = await store.put(Buffer.from('x'));
  expect(readdirSync(join(dir, 'fan', key.slice(0, 2)))).toEqual([key]);
});
