// The fetch wrapper every API call goes through: JSON in and out, the CSRF header on writes, problem+json
// errors turned into ApiError (with per-field reasons), and a hook for 401 (the console goes to the login page).
import type { Problem } from './types'

export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem
  /** field name as the server spells it ("complainant.phone", "measures[0].owner") → reason */
  readonly fields: Record<string, string>

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`)
    this.status = status
    this.problem = problem
    this.fields = {}
    for (const e of problem.errors ?? []) {
      if (!(e.field in this.fields)) this.fields[e.field] = e.reason
    }
  }

  get isStale(): boolean {
    return this.status === 409 && /stale_version/.test(this.problem.type)
  }
  get isNotFound(): boolean {
    return this.status === 404
  }
}

let csrfToken: string | null = null
let onUnauthorized: (() => void) | null = null

export function setCsrfToken(token: string | null) {
  csrfToken = token
}
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler
}

export type QueryValue = string | number | boolean | null | undefined
export interface RequestOptions {
  query?: Record<string, QueryValue>
  body?: unknown
  /** a File/Blob sent as the raw request body (attachments, .ics) */
  raw?: Blob
  headers?: Record<string, string>
  /** do not call the 401 handler (login, me, portal) */
  quiet401?: boolean
  signal?: AbortSignal
}

export function buildQuery(query?: Record<string, QueryValue>): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text()
  try {
    const parsed = JSON.parse(text) as Partial<Problem>
    return {
      type: parsed.type ?? 'about:blank',
      title: parsed.title ?? response.statusText,
      status: parsed.status ?? response.status,
      detail: parsed.detail ?? text,
      request_id: parsed.request_id ?? response.headers.get('X-Request-Id') ?? '',
      errors: parsed.errors,
      field: parsed.field,
    }
  } catch {
    return {
      type: 'about:blank',
      title: response.statusText,
      status: response.status,
      detail: text.slice(0, 300) || `HTTP ${response.status}`,
      request_id: response.headers.get('X-Request-Id') ?? '',
    }
  }
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  let body: BodyInit | undefined
  if (options.raw) {
    body = options.raw
    if (!headers['Content-Type'] && options.raw.type) headers['Content-Type'] = options.raw.type
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['Content-Type'] = 'application/json'
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(`/api/v1${path}${buildQuery(options.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, {
      type: 'network',
      title: 'Network error',
      status: 0,
      detail: (e as Error).message,
      request_id: '',
    })
  }
  if (!response.ok) {
    const problem = await readProblem(response)
    if (response.status === 401 && !options.quiet401 && onUnauthorized) onUnauthorized()
    throw new ApiError(response.status, problem)
  }
  if (response.status === 204) return undefined as T
  const type = response.headers.get('Content-Type') ?? ''
  if (type.includes('json')) return (await response.json()) as T
  return (await response.text()) as unknown as T
}

/** Calls an endpoint the server may not have yet: a 404 / 405 for an unknown route answers `undefined` (the UI
 * then hides that part). The OpenAPI document is not trusted to say "absent": it may lag behind the router. */
export async function optional<T>(call: () => Promise<T>, method?: string, template?: string): Promise<T | undefined> {
  void method
  void template
  try {
    return await call()
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405) && !/not_found/.test(e.problem.type))
      return undefined
    throw e
  }
}
