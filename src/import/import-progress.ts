// Progress of an import on stderr: a bar redrawn in place on a terminal (rows done / total, rate, time
// left), plain periodic lines otherwise (a log file or CI should not fill with carriage returns).

export interface ImportProgress {
  /** done counts the rows of the whole file done so far, including those of an earlier run. */
  update(done: number): void
  finish(done: number): void
}

export interface ProgressOptions {
  total: number
  /** Rows done by an earlier run (a resume): not counted in the rate. */
  startDone: number
  out: { write(text: string): unknown }
  tty: boolean
  /** Plain lines at most this often (default 5 s). */
  intervalMs?: number
  now?: () => number
}

export const silentProgress: ImportProgress = { update() {}, finish() {} }

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}

export function formatProgress(done: number, total: number, rate: number, width = 24): string {
  const share = total === 0 ? 1 : Math.min(1, done / total)
  const filled = Math.round(share * width)
  const eta = rate > 0 ? duration((total - done) / rate) : '?'
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} rows ${Math.floor(share * 100)}%` +
    `  ${rate.toFixed(rate < 10 ? 1 : 0)} rows/s  ETA ${eta}`
}

export function createProgress(o: ProgressOptions): ImportProgress {
  const now = o.now ?? Date.now
  const started = now()
  const interval = o.tty ? 100 : (o.intervalMs ?? 5000)
  let lastDraw = started
  const rate = (done: number) => {
    const seconds = (now() - started) / 1000
    return seconds > 0 ? (done - o.startDone) / seconds : 0
  }
  const draw = (done: number, final: boolean) => {
    const text = formatProgress(done, o.total, rate(done))
    if (o.tty) o.out.write(`\r\x1b[K${text}${final ? '\n' : ''}`)
    else o.out.write(`import: ${text}\n`)
  }
  return {
    update(done) {
      if (now() - lastDraw < interval) return
      lastDraw = now()
      draw(done, false)
    },
    finish(done) {
      draw(done, true)
    },
  }
}
