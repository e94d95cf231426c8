// End-to-end tests in Debian's Chromium (playwright-core, headless) against a real kesu on loopback.
//   npm run e2e            (KESU_BINARY=/path/to/kesu to choose the server; default ../build/src/kesu)
// Screenshots of the key pages go to test-results/. Every answer from /api/v1 is checked against the OpenAPI document
// (contract.mjs); a mismatch fails the scenario. Exit status 0 only when every test passed.
import { chromium } from 'playwright-core'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createContract } from './contract.mjs'
import { startKesu } from './server.mjs'
import { scenarios } from './scenarios.mjs'

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const results = path.join(web, 'test-results')
const binary = path.resolve(process.env.KESU_BINARY ?? path.join(web, '..', 'build', 'src', 'kesu'))
const only = process.argv.slice(2)

fs.mkdirSync(results, { recursive: true })
for (const old of fs.readdirSync(results)) if (old.endsWith('.png')) fs.rmSync(path.join(results, old))
if (!fs.existsSync(path.join(web, 'dist', 'index.html')) || process.env.E2E_BUILD === '1') {
  console.log('e2e: building the web UI (API types, vite build)')
  for (const args of [[path.join(web, 'scripts', 'generate-api-types.mjs')],
    [path.join(web, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']]) {
    if (spawnSync(process.execPath, args, { cwd: web, stdio: 'inherit' }).status !== 0) process.exit(1)
  }
}

function withTimeout(promise, ms) {
  let timer
  const expiry = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms) })
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer))
}

const contract = createContract(path.join(web, '..', 'src', 'http', 'openapi.json'))
const started = Date.now()
const server = await startKesu({ binary, webRoot: path.join(web, 'dist'), log: path.join(results, 'kesu-server.log') })
console.log(`e2e: kesu pid ${server.pid} at ${server.url}`)
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kesu-e2e-chromium-'))
// Interrupted (Ctrl-C, CI timeout, closed pipe)? Stop the server we started before leaving.
let stopping = null
const emergencyStop = (code) => {
  if (!stopping) {
    stopping = (async () => {
      await context?.close().catch(() => {})
      await server.stop().catch(() => {})
      fs.rmSync(profile, { recursive: true, force: true })
      process.exit(code)
    })()
  }
  return stopping
}
process.on('SIGINT', () => void emergencyStop(130))
process.on('SIGTERM', () => void emergencyStop(143))
process.stdout.on('error', () => void emergencyStop(1))
let context
let unreadBodies = 0
let passed = 0
let failed = 0
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(10000)
  const page = context.pages()[0] ?? (await context.newPage())
  const problems = []
  page.on('console', (message) => {
    const text = message.text()
    // A 4xx answer that the test provoked on purpose (bad input, sign-in check) is logged by Chromium as
    // "Failed to load resource"; that is network, not a script error. Everything else fails the test.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${text}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  // Each answer from the API is checked against the document once its body has arrived.
  const answers = []
  page.on('response', (response) => {
    const address = new URL(response.url())
    if (address.origin !== server.url || !address.pathname.startsWith('/api/v1/')) return
    answers.push((async () => {
      let body = ''
      try {
        if (response.status() !== 204) body = (await withTimeout(response.body(), 5000)).toString('utf8')
      } catch {
        unreadBodies++ // the page went away before the body was read, or it never came
        return
      }
      const found = contract.check({ method: response.request().method(), path: address.pathname, status: response.status(),
        contentType: response.headers()['content-type'], body })
      for (const problem of found) problems.push(`API answer differs from openapi.json: ${problem}`)
    })())
  })
  // settle(): waits for the checks of the answers so far (before a navigation would make their bodies unreadable).
  const env = { page, context, url: server.url, results, state: {}, settle: () => Promise.all(answers.splice(0)) }
  for (const [name, fn] of scenarios) {
    if (only.length && !only.some((o) => name.includes(o))) continue
    const t0 = Date.now()
    problems.length = 0
    try {
      await fn(env)
      await Promise.all(answers.splice(0))
      if (problems.length) throw new Error(`problems:\n  ${problems.join('\n  ')}`)
      passed++
      console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
    } catch (error) {
      await Promise.allSettled(answers.splice(0))
      failed++
      console.log(`✗ ${name}\n  ${String(error?.stack ?? error).split('\n').slice(0, 20).join('\n  ')}`)
      await page.screenshot({ path: path.join(results, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => {})
    }
  }
} finally {
  await context?.close().catch(() => {})
  if (stopping) await stopping // an interrupt is already cleaning up (and exits)
  await server.stop()
  fs.rmSync(profile, { recursive: true, force: true })
}
const { answers: checked, operations, unchecked } = contract.summary()
console.log(`e2e: ${checked} API answers of ${operations} operations checked against openapi.json` +
  (unreadBodies ? ` (${unreadBodies} bodies unread: the page had moved on)` : ''))
if (process.env.E2E_UNCHECKED) console.log(`e2e: operations without an answer checked:\n  ${unchecked.join('\n  ')}`)
console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(1)} s, screenshots in ${path.relative(process.cwd(), results) || '.'}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
