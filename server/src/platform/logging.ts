import { pino } from 'pino';
import type { Config } from './config.js';

export type Logger = pino.Logger;

export function createLogger(config: Pick<Config, 'TANDEM_LOG_LEVEL'>): Logger {
  return pino({ level: config.TANDEM_LOG_LEVEL, base: { service: 'tandem' } });
}
