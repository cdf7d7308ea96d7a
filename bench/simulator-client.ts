// Starts bench/simulator-process.ts as a child process and talks to it over IPC. Runs from source (tsx) or
// compiled (dist/bench/, plain node, as bench/run.ts forks the cell): the simulator process runs the same way.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export type SimRequest =
  | { id: number; type: 'stats'; courseId: number }
  | { id: number; type: 'wait-enrolled'; idnumber: string; courseId: number; timeoutMs: number }

export type SimAnswer =
  | { id: 0; type: 'ready'; url: string; token: string }
  | { id: number; type: 'stats'; calls: number; byFunction: Record<string, number>; enrolled: number; peakWorkers: number | null }
  | { id: number; type: 'enrolled'; ok: boolean }

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

export interface SimStats {
  calls: number
  byFunction: Record<string, number>
  enrolled: number
  /** The most calls the PHP workers served at once (null: flat model, no workers). */
  peakWorkers: number | null
}

export interface SimulatorProcess {
  url: string
  token: string
  pid: number
  stats(courseId: number): Promise<SimStats>
  /** Resolves true when the account with this idnumber is enrolled in the course (false after timeoutMs). */
  waitEnrolled(idnumber: string, courseId: number, timeoutMs: number): Promise<boolean>
  stop(): Promise<void>
}

const compiled = import.meta.url.endsWith('.js')
export const repoRoot = fileURLToPath(new URL(compiled ? '../..' : '..', import.meta.url))

/** latency: 'calibrated' (per call and record, `phpWorkers` at once) or flat milliseconds per call. */
export async function startSimulatorProcess(latency: string, phpWorkers = 4): Promise<SimulatorProcess> {
  const script = new URL(compiled ? './simulator-process.js' : './simulator-process.ts', import.meta.url)
  const child: ChildProcess = fork(fileURLToPath(script), [latency, String(phpWorkers)], {
    cwd: repoRoot, execArgv: compiled ? [] : ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const pending = new Map<number, (a: SimAnswer) => void>()
  let nextId = 1
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)))
    child.on('message', (a: SimAnswer) => {
      if (a.type === 'ready') resolve(a)
      else {
        pending.get(a.id)?.(a)
        pending.delete(a.id)
      }
    })
  })
  const { url, token } = await ready
  const request = <T extends SimAnswer>(r: WithoutId<SimRequest>) =>
    new Promise<T>((resolve) => {
      const id = nextId++
      pending.set(id, resolve as (a: SimAnswer) => void)
      child.send({ ...r, id })
    })
  return {
    url,
    token,
    pid: child.pid!,
    async stats(courseId) {
      const a = await request<Extract<SimAnswer, { type: 'stats' }>>({ type: 'stats', courseId })
      return { calls: a.calls, byFunction: a.byFunction, enrolled: a.enrolled, peakWorkers: a.peakWorkers }
    },
    async waitEnrolled(idnumber, courseId, timeoutMs) {
      const a = await request<Extract<SimAnswer, { type: 'enrolled' }>>({ type: 'wait-enrolled', idnumber, courseId, timeoutMs })
      return a.ok
    },
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.disconnect()
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}
