// What a command writes to and reads from: the terminal when it runs in its own process, the control
// socket's stream when it runs inside the service (control-socket.ts).
export interface CommandIo {
  out: { write(text: string): void }
  err: { write(text: string): void }
  /** The operator's terminal is a TTY (progress bar instead of lines). */
  tty: boolean
  /** The directory the operator ran the command in: relative paths are resolved against it. */
  cwd: string
  /** Aborted by Ctrl-C (or the client going away). */
  signal: AbortSignal
}

export function terminalIo(signal: AbortSignal): CommandIo {
  return { out: process.stdout, err: process.stderr, tty: process.stderr.isTTY === true, cwd: process.cwd(), signal }
}

/** A usage or input error of a command: printed as it is, exit code 2. */
export class CommandUsageError extends Error {}
