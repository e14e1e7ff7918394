/**
 * The renderer's one cache of what main answered. Main is on the same machine:
 * a failed call is not retried behind the rep's back (the screen says why,
 * through ErrorBanner), and a window focus is no reason to reload; main's
 * events say when something changed (event-bridge.ts).
 */
import { QueryClient } from '@tanstack/react-query'

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // staleTime 0 (the default): a screen opened again reads the store afresh, as each screen did by hand before.
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  })
}
