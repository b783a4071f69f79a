import { z } from 'zod';

/**
 * The `format` query choice of a route that can answer CSV. Apart from the CSV writer (csv.ts),
 * because the console imports route schemas and must not pull csv-stringify (Node's Buffer) into
 * the browser.
 */
export const csvFormat = z
  .enum(['json', 'csv'])
  .optional()
  .describe('csv: the same table as text/csv (or send Accept: text/csv)');
