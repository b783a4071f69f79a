import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';
import { type Tx, withSystem } from '../db/transaction.js';
import {
  EncryptionError,
  isSealed,
  kekId,
  newDataKey,
  open,
  seal,
  sealedKeyId,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.js';
import { type KekConfig, type Keks, resolveKeks } from './kek.js';
import * as repo from './key-repository.js';

/** How long a process trusts its idea of the active data key before looking again (after a rotation). */
const REFRESH_MS = 60_000;

export interface Rotation {
  newKeyId: string;
  retiredKeyId: string | null;
  rewrapped: number;
  kekId: string;
}

/**
 * The data keys of one database, unwrapped in memory. seal() uses the active key; open() any key,
 * loading keys it has not seen (made by another process's rotation). Keys are never deleted, so a
 * value sealed before a rotation opens until the re-seal sweep moves it to the new key.
 */
export class Keyring {
  private keys = new Map<string, Buffer>();
  private activeId: string | null = null;
  private loadedAt = -Infinity;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly keks: Keks,
    private readonly clock: () => number = Date.now,
  ) {}

  get currentKekId(): string {
    return kekId(this.keks.current);
  }

  private kekFor(id: string): Buffer | undefined {
    return [this.keks.current, ...this.keks.previous].find((k) => kekId(k) === id);
  }

  private unwrap(row: { id: string; kek_id: string; wrapped_key: string }): Buffer {
    const kek = this.kekFor(row.kek_id);
    if (!kek)
      throw new EncryptionError(
        `data key ${row.id} is wrapped by KEK ${row.kek_id}, which is neither TANDEM_KEK (${this.currentKekId}) nor in TANDEM_KEK_PREVIOUS`,
      );
    return unwrapDataKey(kek, row.id, row.wrapped_key);
  }

  /**
   * Runs a read or write of data_keys in the caller's owner transaction, or in a transaction of its
   * own. Never a second transaction while the caller holds one: embedded PGlite has one connection.
   */
  private inTx<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? fn(tx) : withSystem(this.db, fn);
  }

  private async load(tx: Tx | undefined): Promise<void> {
    const rows = await this.inTx(tx, (t) => repo.listKeys(t));
    this.activeId = null;
    for (const row of rows) {
      if (row.active) this.activeId = row.id;
      if (!this.keys.has(row.id) && this.kekFor(row.kek_id)) this.keys.set(row.id, this.unwrap(row));
    }
    this.loadedAt = this.clock();
  }

  /**
   * Makes sure the active key is known and fresh (creating the first key on first use). Call it
   * before seal(), outside any transaction or with the caller's owner (withSystem) transaction.
   */
  async ready(tx?: Tx): Promise<string> {
    if (this.activeId === null || this.clock() - this.loadedAt > REFRESH_MS) await this.load(tx);
    if (this.activeId === null) {
      const dek = newDataKey();
      await this.inTx(tx, (t) =>
        repo.insertFirstKey(t, {
          id: dek.id,
          kek_id: this.currentKekId,
          wrapped_key: wrapDataKey(this.keks.current, dek.id, dek.key),
        }),
      );
      await this.load(tx);
      // Made in the caller's transaction, which may still roll back: look again next time rather
      // than trust a key that might never have been committed.
      if (tx) this.loadedAt = -Infinity;
    }
    if (this.activeId === null || !this.keys.has(this.activeId))
      throw new EncryptionError(`the active data key ${this.activeId} cannot be unwrapped with TANDEM_KEK`);
    return this.activeId;
  }

  /** Seals under the active key; ready() must have run (it is cheap to call again). */
  seal(plaintext: string, context: string): string {
    const id = this.activeId;
    const key = id === null ? undefined : this.keys.get(id);
    if (id === null || !key) throw new EncryptionError('the keyring is not ready: call ready() first');
    return seal(id, key, plaintext, context);
  }

  /** Opens a sealed value under whichever key sealed it, loading keys made since (another rotation). */
  async open(value: string, context: string, tx?: Tx): Promise<string> {
    const id = sealedKeyId(value);
    if (!id) throw new EncryptionError('not a sealed value');
    if (!this.keys.has(id)) {
      await this.load(tx);
      if (!this.keys.has(id)) {
        const row = (await this.inTx(tx, (t) => repo.listKeys(t))).find((r) => r.id === id);
        if (!row) throw new EncryptionError(`unknown data key ${id}`);
        this.unwrap(row); // throws, naming the KEK that is missing
      }
    }
    return open(this.keys.get(id)!, value, context);
  }

  /** Whether the re-seal sweep should rewrite a stored value: not sealed, or not under the active key. */
  needsReseal(value: string): boolean {
    return !isSealed(value) || sealedKeyId(value) !== this.activeId;
  }

  /**
   * Rotation: every data key re-wrapped under the current KEK (so a former KEK can be dropped from
   * TANDEM_KEK_PREVIOUS) and a new active data key, in one transaction. Running processes keep
   * opening old values (the old keys stay) and pick up the new key within REFRESH_MS.
   */
  async rotate(): Promise<Rotation> {
    const kek = this.keks.current;
    const result = await withSystem(this.db, async (tx) => {
      const rows = await repo.listKeys(tx);
      let rewrapped = 0;
      for (const row of rows) {
        const dek = this.unwrap(row);
        this.keys.set(row.id, dek);
        if (row.kek_id === this.currentKekId) continue;
        await repo.rewrapKey(tx, row.id, this.currentKekId, wrapDataKey(kek, row.id, dek));
        rewrapped++;
      }
      const dek = newDataKey();
      await repo.insertActiveKey(tx, {
        id: dek.id,
        kek_id: this.currentKekId,
        wrapped_key: wrapDataKey(kek, dek.id, dek.key),
      });
      return { newKeyId: dek.id, retiredKeyId: rows.find((r) => r.active)?.id ?? null, rewrapped };
    });
    await this.load(undefined);
    return { ...result, kekId: this.currentKekId };
  }
}

const keyrings = new WeakMap<Kysely<DB>, Keyring>();

/** The one keyring of a database handle in this process, its KEK resolved from the configuration. */
export function keyringOf(db: Kysely<DB>, config: KekConfig): Keyring {
  let keyring = keyrings.get(db);
  if (!keyring) {
    keyring = new Keyring(db, resolveKeks(config));
    keyrings.set(db, keyring);
  }
  return keyring;
}

export type { KekConfig };
export type EncryptionConfig = Pick<Config, keyof KekConfig>;
