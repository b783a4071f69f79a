import type { CsvTable } from '../../platform/http/csv.js';
import type { LiveBoard } from './schemas.js';

/** The live board's queues table as CSV, as the screen shows it at `as_of`. */
export function queuesTable(board: LiveBoard): CsvTable {
  return {
    filename: 'live-queues',
    header: ['as_of', 'queue_id', 'queue', 'waiting', 'oldest_wait_seconds', 'at_risk', 'breached'],
    rows: board.queues.map((q) => [
      board.as_of,
      q.queue_id,
      q.name,
      q.waiting,
      q.oldest_wait_seconds,
      q.at_risk,
      q.breached,
    ]),
  };
}
