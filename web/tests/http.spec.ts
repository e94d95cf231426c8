import { afterEach, describe, expect, it, vi } from 'vitest'
import { auth, complaints, notifications } from '@/api/client'
import { ApiError, setCsrfToken, setUnauthorizedHandler } from '@/api/http'
import { mockFetch } from './helpers'

afterEach(() => {
  setCsrfToken(null)
  setUnauthorizedHandler(null)
})

const invalid = {
  type: 'https://kesu.dev/problems/invalid_argument', title: 'Invalid request', status: 400, detail: '2 fields are invalid',
  request_id: 'r1', errors: [{ field: 'subject', reason: 'is required' }, { field: 'complainant.phone', reason: 'is not a phone number' }],
}

describe('the API client', () => {
  it('sends JSON and the CSRF token on writes only, and leaves empty query values out', async () => {
    const calls = mockFetch({
      'GET /api/v1/complaints': () => [200, { items: [], next_cursor: null }],
      'POST /api/v1/complaints/{id}/messages': () => [201, {}],
    })
    setCsrfToken('tok')
    expect(await complaints.list({ q: '', owner_id: 'me', open: true, limit: 5 })).toEqual({ items: [], next_cursor: null })
    await complaints.addMessage(7, '已回电', 'internal')
    expect(calls[0].url).toBe('/api/v1/complaints?owner_id=me&open=true&limit=5')
    expect(calls[0].headers['x-csrf-token']).toBeUndefined()
    expect(calls[1].url).toBe('/api/v1/complaints/7/messages')
    expect(calls[1].headers['x-csrf-token']).toBe('tok')
    expect(calls[1].headers['content-type']).toBe('application/json')
    expect(calls[1].body).toEqual({ body: '已回电', visibility: 'internal' })
  })
  it('turns problem+json into ApiError with per-field reasons', async () => {
    mockFetch({ 'POST /api/v1/complaints': () => [400, invalid] })
    const e = (await complaints.create({ channel: 'phone', subject: '', description: '', complainant: { name: '' } }).catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.fields).toEqual({ subject: 'is required', 'complainant.phone': 'is not a phone number' })
    expect(e.message).toBe('2 fields are invalid')
  })
  it('recognises a stale version', async () => {
    mockFetch({ 'POST /api/v1/complaints/{id}/actions/{action}': () => [409, { type: 'https://kesu.dev/problems/stale_version', title: 'Conflict', status: 409, detail: 'reload', request_id: '' }] })
    const e = (await complaints.action(7, 'implement', { version: 3 }).catch((x: unknown) => x)) as ApiError
    expect(e.isStale).toBe(true)
  })
  it('calls the 401 handler unless told to be quiet', async () => {
    mockFetch({
      'GET /api/v1/notifications': () => [401, { type: 'x', title: 'Authentication required', status: 401, detail: 'sign in', request_id: '' }],
      'GET /api/v1/auth/me': () => [401, { type: 'x', title: 'Authentication required', status: 401, detail: 'sign in', request_id: '' }],
    })
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    await notifications.list().catch(() => undefined)
    await auth.me().catch(() => undefined)
    expect(handler).toHaveBeenCalledTimes(1)
  })
  it('sends a File as the raw body with its name in the query', async () => {
    const calls = mockFetch({ 'POST /api/v1/complaints/{id}/attachments': () => [201, {}] })
    const file = new File(['hello'], '录音.txt', { type: 'text/plain' })
    await complaints.upload(7, file, 'customer')
    expect(calls[0].url).toBe('/api/v1/complaints/7/attachments?filename=%E5%BD%95%E9%9F%B3.txt&visibility=customer')
    expect(calls[0].body).toBe('hello')
    expect(calls[0].headers['content-type']).toBe('text/plain')
  })
  it('answers a 204 with nothing', async () => {
    mockFetch({ 'POST /api/v1/notifications/{id}/read': () => [204, null] })
    expect(await notifications.read(4)).toBeUndefined()
  })
  it('reports a network failure as ApiError with status 0', async () => {
    globalThis.fetch = (async () => {
      throw new TypeError('Failed to fetch')
    }) as typeof fetch
    const e = (await complaints.get(1).catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(0)
    expect(e.message).toBe('Failed to fetch')
  })
})
