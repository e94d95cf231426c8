import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, optional, setCsrfToken, setUnauthorizedHandler } from '@/api/http'
import { setDocument, hasEndpoint, listParameters } from '@/api/capabilities'
import { mockFetch } from './helpers'

afterEach(() => {
  setCsrfToken(null)
  setUnauthorizedHandler(null)
  setDocument(null)
})

describe('api()', () => {
  it('sends JSON and the CSRF token on writes only', async () => {
    const calls = mockFetch({ 'GET /api/v1/x': () => [200, { ok: 1 }], 'POST /api/v1/x': () => [201, { ok: 2 }] })
    setCsrfToken('tok')
    expect(await api('GET', '/x', { query: { a: 1, b: undefined, c: '' } })).toEqual({ ok: 1 })
    await api('POST', '/x', { body: { n: 1 } })
    expect(calls[0].url).toBe('/api/v1/x?a=1')
    expect(calls[0].headers['X-CSRF-Token']).toBeUndefined()
    expect(calls[1].headers['X-CSRF-Token']).toBe('tok')
    expect(calls[1].headers['Content-Type']).toBe('application/json')
    expect(calls[1].body).toEqual({ n: 1 })
  })
  it('turns problem+json into ApiError with per-field reasons', async () => {
    mockFetch({
      'POST /api/v1/complaints': () => [400, {
        type: 'https://kesu.dev/problems/invalid_argument', title: 'Invalid request', status: 400, detail: '2 fields are invalid',
        request_id: 'r1', errors: [{ field: 'subject', reason: 'is required' }, { field: 'complainant.phone', reason: 'is not a phone number' }],
      }],
    })
    const e = (await api('POST', '/complaints', { body: {} }).catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.fields).toEqual({ subject: 'is required', 'complainant.phone': 'is not a phone number' })
    expect(e.message).toBe('2 fields are invalid')
  })
  it('recognises a stale version', async () => {
    mockFetch({ 'POST /api/v1/y': () => [409, { type: 'https://kesu.dev/problems/stale_version', title: 'Conflict', status: 409, detail: 'reload', request_id: '' }] })
    const e = (await api('POST', '/y').catch((x: unknown) => x)) as ApiError
    expect(e.isStale).toBe(true)
  })
  it('calls the 401 handler unless told to be quiet', async () => {
    mockFetch({ 'GET /api/v1/me': () => [401, { type: 'x', title: 'Authentication required', status: 401, detail: 'sign in', request_id: '' }] })
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    await api('GET', '/me').catch(() => undefined)
    await api('GET', '/me', { quiet401: true }).catch(() => undefined)
    expect(handler).toHaveBeenCalledTimes(1)
  })
  it('sends a File as the raw body', async () => {
    const calls = mockFetch({ 'POST /api/v1/up': () => [201, {}] })
    const file = new File(['hello'], '录音.txt', { type: 'text/plain' })
    await api('POST', '/up', { raw: file, query: { filename: file.name } })
    expect(calls[0].url).toBe('/api/v1/up?filename=%E5%BD%95%E9%9F%B3.txt')
    expect(calls[0].body).toBe(file)
    expect(calls[0].headers['Content-Type']).toBe('text/plain')
  })
})

describe('optional endpoints', () => {
  it('answers undefined for an unknown route but throws for a missing record', async () => {
    mockFetch({ 'GET /api/v1/rec': () => [404, { type: 'https://kesu.dev/problems/not_found', title: 'Not found', status: 404, detail: 'no such', request_id: '' }] })
    expect(await optional(() => api('GET', '/nothing-here'))).toBeUndefined()
    await expect(optional(() => api('GET', '/rec'))).rejects.toBeInstanceOf(ApiError)
  })
  it('reads endpoints and list parameters from the OpenAPI document', async () => {
    mockFetch({})
    setDocument({ paths: { '/a': {}, '/b': {}, '/c': {}, '/d': {}, '/api/v1/complaints': { get: { parameters: [{ name: 'q' }, { $ref: '#/components/parameters/Overdue' }] } } },
      components: { parameters: { Overdue: { name: 'overdue' } } } })
    expect(hasEndpoint('GET', '/api/v1/notifications')).toBe(false)
    expect(hasEndpoint('GET', '/api/v1/complaints')).toBe(true)
    expect(await optional(() => api('GET', '/notifications'), 'GET', '/api/v1/notifications')).toBeUndefined()
    expect([...listParameters()!]).toEqual(['q', 'overdue'])
  })
  it('knows nothing without a usable document', () => {
    setDocument({ paths: {} })
    expect(hasEndpoint('GET', '/api/v1/complaints')).toBeUndefined()
  })
})
