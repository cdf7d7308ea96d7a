// The process logger (pino): JSON lines for log collectors, or one readable line per event on a terminal
// (LOG_FORMAT=pretty|json; pretty when stdout is a TTY). Fields that could carry a secret are redacted
// wherever they appear one level down; personal data is kept out by the callers (they log ids and codes).
import pino, { type Logger } from 'pino'
import pretty from 'pino-pretty'
import type { Config } from '../config.ts'

export const redactedPaths = ['*.password', '*.token', '*.authorization', '*.secret', '*.pass', '*.wstoken']

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, destination?: NodeJS.WritableStream): Logger {
  const options = { level: config.logLevel, redact: redactedPaths }
  if (config.logFormat === 'pretty') {
    // In this thread, synchronously: a line written just before process.exit is not lost.
    return pino(options, pretty({
      colorize: destination ? false : Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: true,
      sync: true,
      ...(destination ? { destination } : {}),
    }))
  }
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options)
}
