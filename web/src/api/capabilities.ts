// What this kesu server offers, read from its own OpenAPI document (GET /api/v1/openapi.json): which optional
// endpoints exist and which list parameters GET /complaints takes. The UI hides what the server lacks without
// calling it (no 404 noise). With no usable document the answer is "unknown" and callers fall back to trying.

interface Operation {
  parameters?: { name?: string; $ref?: string }[]
}
interface Document {
  paths?: Record<string, Record<string, Operation>>
  components?: { parameters?: Record<string, { name?: string }> }
}

let doc: Document | null = null
let loading: Promise<void> | null = null

export function setDocument(value: Document | null) {
  doc = value && value.paths && Object.keys(value.paths).length >= 5 ? value : null
}

export function loadDocument(): Promise<void> {
  if (!loading) {
    loading = (async () => {
      try {
        const response = await fetch('/api/v1/openapi.json', { headers: { Accept: 'application/json' } })
        if (response.ok) setDocument((await response.json()) as Document)
      } catch {
        doc = null
      }
    })()
  }
  return loading
}

/** true / false when the document says; undefined when there is no usable document. */
export function hasEndpoint(method: string, template: string): boolean | undefined {
  if (!doc?.paths) return undefined
  const path = doc.paths[template]
  return !!path && method.toLowerCase() in path
}

/** Names of the query parameters of GET /api/v1/complaints, or undefined when unknown. */
export function listParameters(): Set<string> | undefined {
  const op = doc?.paths?.['/api/v1/complaints']?.get
  if (!op) return undefined
  const names = new Set<string>()
  for (const p of op.parameters ?? []) {
    if (p.name) names.add(p.name)
    else if (p.$ref) {
      const ref = doc?.components?.parameters?.[p.$ref.split('/').pop() ?? '']
      if (ref?.name) names.add(ref.name)
    }
  }
  return names
}
