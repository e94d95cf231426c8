// The one HTTP client every API call goes through: openapi-fetch typed by the generated `paths` (so a call to a
// route, parameter or body the server does not document fails the type check), the CSRF header on writes,
// problem+json errors turned into ApiError (with per-field reasons), and a hook for 401 (the console goes to the
// login page).
import createClient from 'openapi-fetch'
import type { paths, Problem } from './schema'

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

type QueryValue = string | number | boolean | null | undefined

/** The query string without empty values (an empty filter means "no filter", not "equal to nothing"). */
export function buildQuery(query?: Record<string, QueryValue>): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  return params.toString()
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const http = createClient<paths>({
  // Looked up on every call, so tests can replace fetch.
  fetch: (request) => globalThis.fetch(request),
  querySerializer: (query) => buildQuery(query as Record<string, QueryValue>),
  headers: { Accept: 'application/json' },
  credentials: 'same-origin',
})
http.use({
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken)
    return request
  },
})

/** Sends a File or Blob as the raw request body (attachments, calendar files) instead of JSON. */
export function rawBody(file: Blob, contentType = file.type || 'application/octet-stream') {
  return { body: file, bodySerializer: (body: unknown) => body as Blob, headers: { 'Content-Type': contentType } }
}

function problemOf(response: Response, error: unknown): Problem {
  const parsed = (typeof error === 'object' && error !== null ? error : {}) as Partial<Problem>
  const text = typeof error === 'string' ? error : ''
  return {
    type: parsed.type ?? 'about:blank',
    title: parsed.title ?? response.statusText,
    status: parsed.status ?? response.status,
    detail: parsed.detail ?? (text.slice(0, 300) || `HTTP ${response.status}`),
    request_id: parsed.request_id ?? response.headers.get('X-Request-Id') ?? '',
    errors: parsed.errors,
    field: parsed.field,
  }
}

interface Answer {
  data?: unknown
  error?: unknown
  response: Response
}
/** The success body's type; void for routes that answer 204. */
type Data<R extends Answer> = [Exclude<R['data'], undefined>] extends [never] ? void : Exclude<R['data'], undefined>

/** The success body of an openapi-fetch call; anything else throws ApiError. `quiet401`: do not call the 401
 * handler (sign-in, the session check, the portal). */
export async function unwrap<R extends Answer>(call: Promise<R>, quiet401 = false): Promise<Data<R>> {
  let answer: R
  try {
    answer = await call
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, { type: 'network', title: 'Network error', status: 0, detail: (e as Error).message, request_id: '' })
  }
  const { response } = answer
  if (!response.ok) {
    if (response.status === 401 && !quiet401 && onUnauthorized) onUnauthorized()
    throw new ApiError(response.status, problemOf(response, answer.error))
  }
  return answer.data as Data<R>
}

/** What to tell the user about a failed call: the server's detail, or the error's own text. */
export function messageOf(e: unknown): string {
  return e instanceof ApiError ? e.problem.detail : String(e)
}
