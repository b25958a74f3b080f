import { ref } from 'vue'
import type { ScreenPop, TicketStreamEvent } from './types'

type Handler<T> = (data: T) => void
interface Events {
  ticket: TicketStreamEvent
  screen_pop: ScreenPop
  notification: { kind: string; ticket_id: number; number: string; subject: string; team?: string; note?: string; clock?: string }
  /** a knowledge-base article, script or category changed */
  kb: { kind: 'article' | 'script' | 'category'; id: number; action: string }
  /** the stream came back after a drop: events may have been missed, refetch */
  reconnected: Record<string, never>
}

const handlers: { [K in keyof Events]: Set<Handler<Events[K]>> } = {
  ticket: new Set(),
  screen_pop: new Set(),
  notification: new Set(),
  kb: new Set(),
  reconnected: new Set(),
}

export const streamConnected = ref(false)
let es: EventSource | null = null

export function startStream() {
  if (es) return
  es = new EventSource('/api/v1/stream', { withCredentials: true })
  let dropped = false
  es.onopen = () => {
    streamConnected.value = true
    if (dropped) {
      dropped = false
      for (const h of handlers.reconnected) h({})
    }
  }
  es.onerror = () => {
    streamConnected.value = es?.readyState === EventSource.OPEN
    if (!streamConnected.value) dropped = true
  }
  for (const name of ['ticket', 'screen_pop', 'notification', 'kb'] as const) {
    es.addEventListener(name, (ev) => {
      streamConnected.value = true
      let data: any
      try {
        data = JSON.parse((ev as MessageEvent).data)
      } catch {
        return
      }
      for (const h of handlers[name]) {
        try {
          ;(h as Handler<any>)(data)
        } catch (e) {
          console.error(e)
        }
      }
    })
  }
  es.addEventListener('ping', () => (streamConnected.value = true))
}

export function stopStream() {
  es?.close()
  es = null
  streamConnected.value = false
}

/** Subscribe; returns the unsubscribe function. */
export function onStream<K extends keyof Events>(name: K, h: Handler<Events[K]>): () => void {
  handlers[name].add(h as any)
  return () => handlers[name].delete(h as any)
}
