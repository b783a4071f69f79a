import { Badge } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { RealtimeClient, type RealtimeStatus } from './socket';

const RealtimeContext = createContext<RealtimeClient | null>(null);

/** One realtime socket per signed-in tab, started with the shell and closed at sign-out. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [client] = useState(() => new RealtimeClient(queryClient));
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);
  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeClient | null {
  return useContext(RealtimeContext);
}

const STATUS_LABEL: Record<RealtimeStatus, [string, string]> = {
  connecting: ['Connecting', 'gray'],
  live: ['Live', 'green'],
  reconnecting: ['Reconnecting', 'orange'],
  closed: ['Offline', 'gray'],
};

export function RealtimeStatusBadge() {
  const client = useRealtime();
  const [status, setStatus] = useState<RealtimeStatus>(client?.status ?? 'closed');
  useEffect(() => {
    if (!client) return;
    setStatus(client.status);
    return client.onStatus(setStatus);
  }, [client]);
  const [text, color] = STATUS_LABEL[status];
  return (
    <Badge color={color} variant="dot" size="sm" data-testid="realtime-status" data-status={status}>
      {text}
    </Badge>
  );
}

/**
 * Calls `onChange` (at most once per `throttleMs`, trailing) after realtime events whose type starts
 * with one of `prefixes`: for screens showing counts that are cheaper to refetch than to patch.
 */
export function useRealtimeRefresh(prefixes: readonly string[], onChange: () => void, throttleMs = 2000) {
  const client = useRealtime();
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = prefixes.join('|');
  useEffect(() => {
    if (!client) return;
    const wanted = key.split('|');
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const fire = () => {
      timer = null;
      last = Date.now();
      latest.current();
    };
    const off = client.onEvent((event) => {
      if (!wanted.some((p) => event.type.startsWith(p)) || timer) return;
      timer = setTimeout(fire, Math.max(0, last + throttleMs - Date.now()));
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [client, key, throttleMs]);
}
