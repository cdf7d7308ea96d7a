// Group commit for calls with an answer each: the first call runs at once; the calls that arrive while it
// runs wait and run together as the next one (at most maxItems of them; the rest go in the one after), and
// each caller gets its own item's answer. Idle, nothing waits; under load many requests share the
// statements of one. The queue's groupCommit (jobs/queue.ts) is this for writes without an answer.

interface Waiting<I, O> {
  item: I
  resolve: (answer: O) => void
  reject: (err: unknown) => void
}

/**
 * run gets the items in arrival order and answers one result per item, in the same order. When it throws,
 * every caller of that run gets the error.
 */
export function groupCalls<I, O>(run: (items: I[]) => Promise<O[]>, maxItems = Infinity): (item: I) => Promise<O> {
  const waiting: Waiting<I, O>[] = []
  let running = false
  const next = async () => {
    const group = waiting.splice(0, maxItems)
    running = true
    try {
      const answers = await run(group.map((w) => w.item))
      if (answers.length !== group.length) throw new Error(`groupCalls: ${answers.length} answers for ${group.length} items`)
      group.forEach((w, n) => w.resolve(answers[n]!))
    } catch (err) {
      for (const w of group) w.reject(err)
    } finally {
      running = false
      if (waiting.length > 0) void next()
    }
  }
  return (item) => new Promise<O>((resolve, reject) => {
    waiting.push({ item, resolve, reject })
    if (!running) void next()
  })
}
