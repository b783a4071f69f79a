import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { useRealtimeRefresh } from '../realtime/RealtimeProvider';

export const liveKey = ['operations', 'live'] as const;

/** Events after which the board's counts may have changed. */
const LIVE_EVENTS = ['ticket.', 'message.', 'sla.', 'presence.'] as const;

/**
 * The live operations board: refetched (throttled) after any event that can move its counts, and
 * every 30 s regardless, for what no event announces (site status set elsewhere, time passing).
 */
export function useLiveBoard() {
  const client = useQueryClient();
  useRealtimeRefresh(LIVE_EVENTS, () => void client.invalidateQueries({ queryKey: liveKey }), 1500);
  return useQuery({
    queryKey: liveKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/operations/live')),
    refetchInterval: 30_000,
  });
}

export type LiveBoard = NonNullable<ReturnType<typeof useLiveBoard>['data']>;

/** "45 s", "12 min", "1 h 5 min": how long the longest-waiting contact has waited. */
export function formatWait(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return rest ? `${Math.floor(minutes / 60)} h ${rest} min` : `${Math.floor(minutes / 60)} h`;
}
