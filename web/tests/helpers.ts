import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h, type Component } from 'vue'
import { i18n } from '@/i18n'

export function testRouter() {
  const Stub = defineComponent({ render: () => h('div') })
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'overview', component: Stub },
      { path: '/queues/:queue?', name: 'queues', component: Stub },
      { path: '/complaints/:id', name: 'complaint', component: Stub },
      { path: '/portal', name: 'portal', component: Stub },
      { path: '/portal/case/:number', name: 'portal-case', component: Stub },
    ],
  })
}

/** Mounts with Element Plus, i18n (zh-CN), a fresh Pinia and a memory router. */
export function mountApp<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  i18n.global.locale.value = 'zh-CN'
  const router = testRouter()
  return mount(component, {
    attachTo: document.body,
    ...options,
    global: { plugins: [ElementPlus, i18n, pinia, router], stubs: { transition: false, 'transition-group': false }, ...(options.global ?? {}) },
  } as ComponentMountingOptions<C>)
}

export interface MockCall {
  method: string
  /** path and query, as the app asked for it */
  url: string
  /** header names in lower case */
  headers: Record<string, string>
  /** parsed JSON, or the raw text */
  body: unknown
}

// happy-dom keeps the case a header was set with; browsers give lower case.
function lowerCaseKeys(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers.entries()].map(([name, value]) => [name.toLowerCase(), value]))
}

/** Replaces fetch with a router of canned JSON answers: `routes['GET /api/v1/x'] = (call) => [status, body]`, where
 * the path may hold {placeholders}. Anything else answers 404. */
export function mockFetch(routes: Record<string, (call: MockCall) => [number, unknown]>) {
  const calls: MockCall[] = []
  const fetchMock = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), location.href), init)
    const url = new URL(request.url, location.href)
    const text = request.body === null ? '' : await request.clone().text()
    let body: unknown = text === '' ? undefined : text
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      /* raw */
    }
    const call = { method: request.method, url: url.pathname + url.search, headers: lowerCaseKeys(request.headers), body }
    calls.push(call)
    const path = url.pathname
    const handler = routes[`${call.method} ${path}`] ?? Object.entries(routes).find(([k]) => {
      const [m, p] = k.split(' ')
      return m === call.method && new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path)
    })?.[1]
    const [status, payload] = handler ? handler(call) : [404, { type: 'about:blank', title: 'Not found', status: 404, detail: `no such endpoint: ${path}`, request_id: 'x' }]
    const problem = status >= 400
    return new Response(status === 204 ? null : JSON.stringify(payload), {
      status,
      headers: { 'Content-Type': problem ? 'application/problem+json' : 'application/json' },
    })
  }
  globalThis.fetch = fetchMock as typeof fetch
  return calls
}

export async function flush(times = 5) {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0))
}

/** Element Plus shows a form item's error after a short debounce. */
export function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms))
}
