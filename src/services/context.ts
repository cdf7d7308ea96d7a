import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { Database } from '../store/database.ts'
import type { SecretBox } from '../security/secret-box.ts'
import type { Queue } from '../jobs/queue.ts'
import type { AdapterFactory } from '../lms/adapter-factory.ts'
import type { Metrics } from '../metrics/metrics.ts'

/** Everything a use case needs, built once by createApp (no global state). */
export interface AppContext {
  config: Config
  db: Database
  box: SecretBox
  queue: Queue
  adapters: AdapterFactory
  log: Logger
  metrics: Metrics
}

/** A failure a caller can act on, with a stable code; the HTTP layer maps `status`. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message)
  }
}
