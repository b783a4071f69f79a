import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isNotFound, isUnauthorized } from '../api/errors';

/** One cache for the app; the realtime feed patches and invalidates it. */
/** Set by the router: where a request that finds the session gone sends the user. */
export const sessionEnded = { handler: (): void => undefined };

const onError = (err: unknown) => {
  if (isUnauthorized(err)) sessionEnded.handler();
};

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // 404 and 401 are answers, not hiccups: do not retry them.
      retry: (count, err) => !isNotFound(err) && !isUnauthorized(err) && count < 2,
    },
  },
});
