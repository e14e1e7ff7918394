import { QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { useEventBridge } from './event-bridge'
import { createQueryClient } from './query-client'

/** The cache and its bridge from main's events, for everything below. */
export function DataProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient)
  return (
    <QueryClientProvider client={client}>
      <EventBridge />
      {children}
    </QueryClientProvider>
  )
}

function EventBridge() {
  useEventBridge()
  return null
}
