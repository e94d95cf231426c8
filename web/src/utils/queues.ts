// The console's work queues as list queries. Pure, so it is unit-tested.
import type { ListQuery, User } from '@/api/types'
import type { Capabilities } from '@/stores/session'

export type QueueKey = 'mine' | 'department' | 'unassigned' | 'due-soon' | 'overdue' | 'emergencies' | 'all'
export const QUEUE_KEYS: QueueKey[] = ['mine', 'department', 'unassigned', 'due-soon', 'overdue', 'emergencies', 'all']
export const QUEUE_LABELS: Record<QueueKey, string> = {
  mine: 'queue.mine',
  department: 'queue.department',
  unassigned: 'queue.unassigned',
  'due-soon': 'queue.dueSoon',
  overdue: 'queue.overdue',
  emergencies: 'queue.emergencies',
  all: 'queue.all',
}

/** Hours ahead that count as "due soon". */
export const DUE_SOON_HOURS = 24

/** Which queues this user has on this server. */
export function availableQueues(user: User | null, caps: Capabilities): QueueKey[] {
  return QUEUE_KEYS.filter((key) => {
    if (key === 'department') return !!user?.department_id
    if (key === 'due-soon') return caps.due_before
    if (key === 'overdue') return caps.overdue
    return true
  })
}

/** The base query of a queue (filters are added on top). `emergencies` falls back to open level-1 complaints on a
 * server without the `emergency` parameter. */
export function queueQuery(key: QueueKey, user: User | null, caps: Capabilities, now = Date.now()): ListQuery {
  switch (key) {
    case 'mine':
      return { owner_id: 'me', open: true }
    case 'department':
      return user?.department_id ? { department_id: user.department_id, open: true } : { open: true }
    case 'unassigned':
      return { owner_id: 'none', open: true }
    case 'due-soon':
      return { due_before: new Date(now + DUE_SOON_HOURS * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), open: true }
    case 'overdue':
      return { overdue: true, open: true }
    case 'emergencies':
      return caps.emergency ? { emergency: true, open: true } : { level: 'major', open: true }
    case 'all':
      return {}
  }
}

export interface Filters {
  q: string
  status?: ListQuery['status']
  level?: ListQuery['level']
  kind?: ListQuery['kind']
  channel?: ListQuery['channel']
  category_id?: number
  department_id?: number
  received?: [Date, Date] | null
  sort: 'received_at' | 'updated_at'
  order: 'asc' | 'desc'
  onlyOpen: boolean
}

export function emptyFilters(): Filters {
  return { q: '', sort: 'received_at', order: 'desc', onlyOpen: true, received: null }
}

/** Queue + filters → the query sent to GET /complaints (undefined values are dropped by the client). */
export function buildListQuery(base: ListQuery, f: Filters, caps: Capabilities): ListQuery {
  const q: ListQuery = { ...base }
  if (!f.onlyOpen) delete q.open
  else if (q.open === undefined && f.onlyOpen && Object.keys(base).length === 0) q.open = true
  if (f.status) {
    q.status = f.status
    delete q.open
  }
  if (f.level) q.level = f.level
  if (f.kind) q.kind = f.kind
  if (f.channel) q.channel = f.channel
  if (f.category_id) q.category_id = f.category_id
  if (f.department_id && q.department_id === undefined) q.department_id = f.department_id
  if (f.received) {
    const [from, to] = f.received
    q.received_from = from.toISOString().replace(/\.\d{3}Z$/, 'Z')
    const end = new Date(to)
    end.setDate(end.getDate() + 1)
    q.received_to = end.toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  if (caps.q && f.q.trim()) q.q = f.q.trim()
  else {
    q.sort = f.sort
    q.order = f.order
  }
  return q
}

/** A saved view's query back into filters (for the filter controls). Values may come back as strings. */
export function filtersFromQuery(raw: Record<string, string | number | boolean | undefined>): Filters {
  const num = (v: unknown) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v))
  const bool = (v: unknown) => (v === undefined ? undefined : v === true || v === 'true')
  const query = {
    ...raw,
    category_id: num(raw.category_id),
    department_id: raw.department_id === 'none' ? undefined : num(raw.department_id),
    open: bool(raw.open),
  } as ListQuery
  const f = emptyFilters()
  f.q = query.q ?? ''
  f.status = query.status
  f.level = query.level
  f.kind = query.kind
  f.channel = query.channel
  f.category_id = query.category_id
  f.department_id = typeof query.department_id === 'number' ? query.department_id : undefined
  f.sort = query.sort ?? 'received_at'
  f.order = query.order ?? 'desc'
  f.onlyOpen = query.open !== false && (query.open === true || !query.status)
  if (query.received_from && query.received_to) {
    const to = new Date(query.received_to)
    to.setDate(to.getDate() - 1)
    f.received = [new Date(query.received_from), to]
  }
  return f
}
