import { Badge } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
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
