// The thread a render pool starts: one template renderer, one task at a time. The pool gives this thread
// a heap of its own (resourceLimits) and a wall-clock limit per task, and terminates it when either is
// exceeded, so a runaway template costs this thread, never the service's event loop or heap.
import { parentPort } from 'node:worker_threads'
import { constants, setPriority } from 'node:os'
import { createTemplateRenderer, TemplateError } from './template-renderer.ts'
import type { RenderRequest, RenderResponse, SentAndKeptResult } from './render-pool.ts'

const renderer = createTemplateRenderer()

// On Linux the nice value belongs to the thread (pid 0 = the calling thread): renders yield the CPU to the
// API thread. Elsewhere it would lower the whole process, so it is left alone there.
if (process.platform === 'linux') {
  try {
    setPriority(0, constants.priority.PRIORITY_LOW)
  } catch {
    // Not allowed in this container: renders then share the CPU evenly.
  }
}

function run(request: RenderRequest): unknown {
  switch (request.op) {
    case 'validate':
      return renderer.validateTemplate(request.template)
    case 'render':
      return renderer.renderTemplate(request.template, request.context)
    case 'sentAndKept':
      return renderer.renderSentAndKept(request.template, request.context, request.password, request.mask)
    case 'sentAndKeptMany':
      return request.items.map(({ template, context, password, mask }): SentAndKeptResult => {
        try {
          return { ok: true, value: renderer.renderSentAndKept(template, context, password, mask) }
        } catch (err) {
          if (!(err instanceof TemplateError)) throw err
          return { ok: false, template: { code: err.code, message: err.message, problems: err.problems } }
        }
      })
  }
}

parentPort!.on('message', (request: RenderRequest) => {
  let response: RenderResponse
  try {
    response = { id: request.id, ok: true, value: run(request) }
  } catch (err) {
    response = err instanceof TemplateError
      ? { id: request.id, ok: false, template: { code: err.code, message: err.message, problems: err.problems } }
      : { id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) }
  }
  parentPort!.postMessage(response)
})
// Loaded and listening: the pool starts a task's clock only now, so a slow start is not the template's fault.
parentPort!.postMessage({ ready: true })
