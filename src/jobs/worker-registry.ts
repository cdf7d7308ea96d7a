// Recovery in seconds: the jobs of a process that died are taken over by the others (or by its own
// restart), not after JOB_EXPIRE_SECONDS. Each process with workers keeps a row in `workers` with a
// heartbeat and the ids of the jobs it is working on. Every few seconds each process looks for active jobs
// that no live process claims — their worker stopped heartbeating (killed, machine gone) or died between
// taking the job and its next heartbeat — and puts them back in the queue at once. pg-boss's own expiry
// (JOB_EXPIRE_SECONDS) stays as the backstop for a job that hangs in a live process.
// On the embedded database only one process runs (data-dir-lock.ts): at start every active job belongs to
// a predecessor that died, and all of them are taken back before the workers start.
// Taking a job back never runs a step twice at once: the account leases (leases.ts) die with their holder
// too, and a process that only stalled still holds them, so its job's second run waits for them.
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import type { Database } from '../store/database.ts'
import type { Queue } from './queue.ts'

export interface WorkerRegistryOptions {
  db: Database
  queue: Queue
  /** pg-boss's schema (the job table). */
  jobsSchema: string
  log: Logger
  workerId: string
  /** The embedded database: this process is the only one. */
  onlyProcess: boolean
  heartbeatSeconds?: number
  /** A process whose heartbeat is older is dead: its jobs are taken back. */
  deadAfterSeconds?: number
}

export interface WorkerRegistry {
  /** Registers this process and takes back the jobs of dead ones; then heartbeats until stop(). */
  start(): Promise<void>
  stop(): Promise<void>
  /** One heartbeat and one look for lost jobs (what the timer does); returns the number taken back. */
  tick(): Promise<number>
}

export const recoveryTiming = { heartbeatSeconds: 5, deadAfterSeconds: 15 } as const

export function createWorkerRegistry(o: WorkerRegistryOptions): WorkerRegistry {
  const heartbeat = o.heartbeatSeconds ?? recoveryTiming.heartbeatSeconds
  const deadAfter = o.deadAfterSeconds ?? recoveryTiming.deadAfterSeconds
  // A job taken just after a heartbeat is listed by the next one: younger jobs are never taken as lost.
  const grace = heartbeat * 2
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> = Promise.resolve()

  async function beat() {
    const { affectedRows } = await o.db.query(
      'UPDATE workers SET heartbeat_at = now(), job_ids = $2 WHERE id = $1', [o.workerId, o.queue.activeJobIds()],
    )
    if (affectedRows === 0) {
      // Taken for dead after a long stall: its jobs went back to the queue; it registers again and carries on.
      o.log.warn({ workerId: o.workerId }, 'this process missed its heartbeats long enough to be taken for dead; its running jobs were handed on')
      await register()
    }
  }

  async function register() {
    await o.db.query(
      `INSERT INTO workers (id, host, pid, job_ids) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), job_ids = EXCLUDED.job_ids`,
      [o.workerId, hostname(), process.pid, o.queue.activeJobIds()],
    )
  }

  /** Active jobs no live process claims, started long enough ago; back to the queue. */
  async function takeBackLost(opts: { everything: boolean }): Promise<number> {
    const { rows } = await o.db.query<{ id: string }>(
      opts.everything
        ? `SELECT id::text AS id FROM ${o.jobsSchema}.job WHERE state = 'active'`
        : `SELECT j.id::text AS id FROM ${o.jobsSchema}.job j
           WHERE j.state = 'active' AND j.started_on < now() - make_interval(secs => $1)
             AND j.id::text NOT IN (
               SELECT unnest(job_ids) FROM workers WHERE heartbeat_at > now() - make_interval(secs => $2))`,
      opts.everything ? [] : [grace, deadAfter],
    )
    if (rows.length === 0) return 0
    const taken = await o.queue.requeueLost(rows.map((r) => r.id))
    if (taken > 0) o.log.warn({ jobs: taken }, 'jobs of a worker that died were put back in the queue')
    return taken
  }

  async function tick(): Promise<number> {
    await beat()
    const taken = await takeBackLost({ everything: false })
    // Rows of processes gone for a day (a stopped process deletes its own row).
    await o.db.query("DELETE FROM workers WHERE heartbeat_at < now() - interval '1 day'")
    return taken
  }

  return {
    async start() {
      await register()
      if (o.onlyProcess) {
        // Whatever is active now was taken by a process that is gone: none other can be running.
        await o.db.query('DELETE FROM workers WHERE id <> $1', [o.workerId])
        await takeBackLost({ everything: true })
      } else {
        await takeBackLost({ everything: false })
      }
      timer = setInterval(() => {
        running = tick().catch((err) => o.log.error({ err, code: 'WORKER_HEARTBEAT_FAILED' }, 'worker heartbeat failed'))
      }, heartbeat * 1000)
      timer.unref()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = null
      await running
      await o.db.query('DELETE FROM workers WHERE id = $1', [o.workerId]).catch(() => {})
    },
    tick,
  }
}
