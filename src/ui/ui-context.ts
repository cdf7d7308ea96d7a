// What every page module of the Service Center gets: the app's services and the logged-in administrator.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../services/context.ts'
import type { TemplateRenderPool } from '../mail/render-pool.ts'
import type { AdminSession } from './auth/sessions.ts'
import { page, type NavKey } from './layout.ts'
import type { Html } from './html.ts'

declare module 'fastify' {
  interface FastifyRequest {
    adminSession: AdminSession | null
  }
}

export interface UiDeps {
  ctx: AppContext
  renderer: TemplateRenderPool
}

/** The session of a request behind the log-in hook (which guarantees one). */
export function sessionOf(request: FastifyRequest): AdminSession {
  if (!request.adminSession) throw new Error('UI route reached without a session')
  return request.adminSession
}

export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  o: { title: string; current?: NavKey; body: Html; error?: string | null; status?: number },
) {
  const session = request.adminSession
  const notice = (request.query as Record<string, unknown> | undefined)?.done
  return reply
    .code(o.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(page({
      ...o,
      // A refused form says so at the top too; the fields carry each problem.
      error: o.error ?? (o.status === 422 ? 'Nothing was saved: please correct the marked fields.' : null),
      session: session ?? undefined,
      notice: typeof notice === 'string' ? notice : null,
    }))
}

/** The form fields of a POST (the UI's own urlencoded parser makes a string record). */
export function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body
  return body && typeof body === 'object' ? (body as Record<string, string>) : {}
}
