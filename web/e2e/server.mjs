// Starts a real kesu on a free loopback port with a fresh data directory and the test users, and stops it by
// its own PID (the spawned process is kesu itself, not a shell or npx wrapper).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const PASSWORD = 'Passw0rd!23'
export const USERS = [
  { username: 'zhang.agent', role: 'agent', department: '客服部', name: '张敏' },
  { username: 'li.spec', role: 'specialist', department: '投诉处理部', name: '李强' },
  { username: 'wang.mgr', role: 'manager', department: '投诉处理部', name: '王芳' },
  { username: 'zhao.lead', role: 'leader', department: '公司领导', name: '赵总' },
  { username: 'sys.admin', role: 'admin', department: '', name: '系统管理员' },
]

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function waitHealthy(url, child, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kesu exited with ${child.exitCode} before it was ready`)
    try {
      const response = await fetch(`${url}/healthz`)
      if (response.ok) return
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error('kesu did not become healthy in time')
}

export async function startKesu({ binary, webRoot, log }) {
  if (!fs.existsSync(binary)) throw new Error(`kesu binary not found at ${binary} (set KESU_BINARY)`)
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kesu-e2e-data-'))
  for (const u of USERS) {
    const args = ['user', 'create', '--data', data, '--username', u.username, '--password', PASSWORD, '--role', u.role, '--display-name', u.name]
    if (u.department) args.push('--department', u.department)
    const result = spawnSync(binary, args, { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`kesu user create ${u.username} failed: ${result.stderr || result.stdout}`)
  }
  const port = await freePort()
  const out = fs.openSync(log, 'w')
  const child = spawn(binary, ['serve', '--data', data, '--listen', '127.0.0.1', '--port', String(port), '--web-root', webRoot,
    '--portal-submissions-per-hour', '1000', '--log-level', 'warn'], { stdio: ['ignore', out, out] })
  const url = `http://127.0.0.1:${port}`
  let stopped = null
  try {
    await waitHealthy(url, child)
  } catch (e) {
    child.kill('SIGKILL')
    throw e
  }
  return {
    url,
    pid: child.pid,
    data,
    stop() {
      stopped ??= stopNow()
      return stopped
    },
  }
  async function stopNow() {
    if (child.exitCode === null) {
      process.kill(child.pid, 'SIGTERM')
      const exited = await Promise.race([
        new Promise((r) => child.once('exit', () => r(true))),
        new Promise((r) => setTimeout(() => r(false), 5000)),
      ])
      if (!exited) process.kill(child.pid, 'SIGKILL')
    }
    fs.closeSync(out)
    fs.rmSync(data, { recursive: true, force: true })
  }
}
