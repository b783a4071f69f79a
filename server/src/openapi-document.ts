import { buildApp } from './app.js';
import { loadConfig } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { createLogger } from './platform/logging.js';
import { startEventBus } from './platform/realtime/event-bus.js';

/** The OpenAPI document as the running app serves it, built on a throwaway in-memory database. */
export async function generateOpenApiDocument(): Promise<unknown> {
  const config = loadConfig({ TANDEM_LOG_LEVEL: 'silent', TANDEM_DEMO_SEED: 'never' });
  const logger = createLogger(config);
  const database = await openDatabase(config, logger, { dataDir: ':memory:' });
  try {
    const bus = await startEventBus(database, logger);
    const app = await buildApp({ database, config, logger, bus });
    await app.ready();
    const document = app.swagger();
    await app.close();
    await bus.close();
    return document;
  } finally {
    await database.close();
  }
}

export const OPENAPI_FILE = new URL('../openapi.json', import.meta.url);
