import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logging.js';
import type { EventBus } from './realtime/event-bus.js';

/**
 * What every module's routes and jobs are given: the database, the configuration, the logger and
 * the bus of committed events. It lives in platform so a module never imports the app that mounts
 * it (which imports every module: an import loop through the whole tree).
 */
export interface AppContext {
  database: Database;
  config: Config;
  logger: Logger;
  /** Committed domain events from every process, for realtime pushes. */
  bus: EventBus;
}
