// The console's work queues as list queries. Pure, so it is unit-tested.
import { CHANNELS, LEVELS, REQUEST_KINDS, STATUSES, type ListQuery, type SavedView, type User } from '@/api/types'

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

/** Which queues this user has: the department queue only for a member of a department. */
export function availableQueues(user: User | null): QueueKey[] {
  return QUEUE_KEYS.filter((key) => key !== 'department' || !!user?.department_id)
}

/** The base query of a queue (filters are added on top). */
export function queueQuery(key: QueueKey, user: User | null, now = Date.now()): ListQuery {
  switch (key) {
    case 'mine':
      return { owner_id: 'me', open: true }
    case 'department':
      return user?.department_id ? { department_id: String(user.department_id), open: true } : { open: true }
    case 'unassigned':
      return { owner_id: 'none', open: true }
    case 'due-soon':
      return { due_before: new Date(now + DUE_SOON_HOURS * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), open: true }
    case 'overdue':
      return { overdue: true, open: true }
    case 'emergencies':
      return { emergency: true, open: true }
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
export function buildListQuery(base: ListQuery, f: Filters): ListQuery {
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
  if (f.department_id && q.department_id === undefined) q.department_id = String(f.department_id)
  if (f.received) {
    const [from, to] = f.received
    q.received_from = from.toISOString().replace(/\.\d{3}Z$/, 'Z')
    const end = new Date(to)
    end.setDate(end.getDate() + 1)
    q.received_to = end.toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  if (f.q.trim()) q.q = f.q.trim()
  else {
    q.sort = f.sort
    q.order = f.order
  }
  return q
}

/** `value` when it is one of `values` (a saved view's query comes back as strings). */
function oneOf<V extends string>(values: readonly V[], value: string | undefined): V | undefined {
  return values.find((v) => v === value)
}
function positive(value: string | undefined): number | undefined {
  const n = Number(value)
  return value && Number.isInteger(n) && n > 0 ? n : undefined
}

/** A saved view's query back into filters (for the filter controls). */
export function filtersFromQuery(query: SavedView['query']): Filters {
  const f = emptyFilters()
  f.q = query.q ?? ''
  f.status = oneOf(STATUSES, query.status)
  f.level = oneOf(LEVELS, query.level)
  f.kind = oneOf(REQUEST_KINDS, query.kind)
  f.channel = oneOf(CHANNELS, query.channel)
  f.category_id = positive(query.category_id)
  f.department_id = positive(query.department_id)
  f.sort = oneOf(['received_at', 'updated_at'] as const, query.sort) ?? 'received_at'
  f.order = oneOf(['asc', 'desc'] as const, query.order) ?? 'desc'
  f.onlyOpen = query.open !== 'false' && (query.open === 'true' || !f.status)
  if (query.received_from && query.received_to) {
    const to = new Date(query.received_to)
    to.setDate(to.getDate() - 1)
    f.received = [new Date(query.received_from), to]
  }
  return f
}
