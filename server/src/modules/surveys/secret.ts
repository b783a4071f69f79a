import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import type { DB } from '../../platform/db/schema.js';
import { loadOrCreateSecret } from './repository.js';

const cache = new WeakMap<Kysely<DB>, Promise<string>>();

/** TANDEM_SURVEY_SECRET, or the key generated once and kept in the database, shared by every process. */
export function surveySecret(db: Kysely<DB>, config: Pick<Config, 'TANDEM_SURVEY_SECRET'>): Promise<string> {
  if (config.TANDEM_SURVEY_SECRET) return Promise.resolve(config.TANDEM_SURVEY_SECRET);
  let secret = cache.get(db);
  if (!secret) {
    secret = loadOrCreateSecret(db);
    secret.catch(() => cache.delete(db));
    cache.set(db, secret);
  }
  return secret;
}
