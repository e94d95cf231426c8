// Checks every answer the browser gets from /api/v1 during the end-to-end run against the OpenAPI document kesu
// serves (src/http/openapi.json): the status must be documented for the operation, and a JSON body must match the
// documented schema — required fields present, types, formats and enums right, and no field the document does not
// describe. So the document, and the TypeScript types generated from it, cannot drift from what the server sends.
import Ajv2019 from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import fs from 'node:fs'

const MEMBER = Symbol('allOf member')

function isObject(value) {
  return value !== null && typeof value === 'object'
}

/** The object a local "#/a/b" reference points at. */
function resolvePointer(document, ref) {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => node?.[key], document)
}

function dereference(document, node) {
  let current = node
  for (let hops = 0; hops < 16 && isObject(current) && typeof current.$ref === 'string'; hops++)
    current = resolvePointer(document, current.$ref)
  return current
}

function walk(node, visit) {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit))
  else if (isObject(node)) {
    visit(node)
    Object.values(node).forEach((child) => walk(child, visit))
  }
}

/** The document as JSON Schema 2019-09 for Ajv, with every described object closed: OpenAPI 3.0 leaves objects open
 * by default, but a field the server sends and the document omits is a gap in the document. allOf members are
 * inlined so that `unevaluatedProperties` on the whole sees the properties of every member. */
function closedDocument(original) {
  const document = structuredClone(original)
  walk(document, (node) => {
    if (!Array.isArray(node.allOf)) return
    node.allOf = node.allOf.map((member) => {
      const copy = structuredClone(dereference(document, member))
      copy[MEMBER] = true
      return copy
    })
  })
  walk(document, (node) => {
    const describesObject = isObject(node.properties) || Array.isArray(node.allOf)
    if (describesObject && !node[MEMBER] && !('additionalProperties' in node)) node.unevaluatedProperties = false
  })
  return document
}

/** The JSON pointer ("#/…") of the schema of `status` / `mediaType` in an operation's answers, or a reason why
 * there is none. */
function responseSchema(document, pointer, operation, status, mediaType) {
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in operation.responses)
  if (!key) return { problem: `status ${status} is not documented` }
  let responsePointer = `${pointer}/responses/${key}`
  let response = operation.responses[key]
  while (typeof response.$ref === 'string') {
    responsePointer = response.$ref
    response = resolvePointer(document, response.$ref)
  }
  const content = response.content ?? {}
  if (!(mediaType in content)) return { problem: `status ${status} documents no ${mediaType} body (has: ${Object.keys(content).join(', ') || 'none'})` }
  return { pointer: `${responsePointer}/content/${mediaType.replace(/~/g, '~0').replace(/\//g, '~1')}/schema` }
}

export function createContract(documentPath) {
  const document = JSON.parse(fs.readFileSync(documentPath, 'utf8'))
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false })
  addFormats(ajv)
  for (const name of ['int32', 'int64', 'binary']) ajv.addFormat(name, true)
  ajv.addSchema(closedDocument(document), 'openapi')

  // Literal paths before templated ones (/complaints/repeat-check before /complaints/{id}).
  const routes = Object.entries(document.paths)
    .map(([template, item]) => ({
      template,
      item,
      pattern: new RegExp(`^${template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      placeholders: (template.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.placeholders - b.placeholders)
  const validators = new Map()
  const checked = new Set()
  let answers = 0

  function validatorFor(pointer) {
    if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: `openapi${pointer}` }))
    return validators.get(pointer)
  }

  /** Problems with one answer (an empty list when it matches the document). */
  function check({ method, path, status, contentType, body }) {
    const route = routes.find((r) => r.pattern.test(path) && method.toLowerCase() in r.item)
    if (!route) return [`${method} ${path}: no such operation in the document`]
    const operation = route.item[method.toLowerCase()]
    const where = `${method} ${route.template} → ${status}`
    const mediaType = (contentType ?? '').split(';')[0].trim()
    answers++
    checked.add(`${method} ${route.template}`)
    if (status === 204 || status === 304) return []
    const pointer = `#/paths/${route.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}`
    const found = responseSchema(document, pointer, operation, status, mediaType || 'none')
    if (found.problem) return [`${where}: ${found.problem}`]
    if (!/json/.test(mediaType)) return []
    let data
    try {
      data = JSON.parse(body)
    } catch {
      return [`${where}: the body is not JSON`]
    }
    const validate = validatorFor(found.pointer)
    if (validate(data)) return []
    return validate.errors.slice(0, 5).map((e) => {
      const extra = e.params?.unevaluatedProperty ? ` "${e.params.unevaluatedProperty}"` : ''
      return `${where}: ${e.instancePath || '(body)'} ${e.message}${extra}`
    })
  }

  /** How many answers were checked, of how many operations; and the operations no answer came from. */
  function summary() {
    const all = routes.flatMap((r) => Object.keys(r.item).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${r.template}`))
    return { answers, operations: checked.size, unchecked: all.filter((o) => !checked.has(o)).sort() }
  }

  return { check, summary }
}
