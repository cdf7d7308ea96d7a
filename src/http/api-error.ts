// One error shape for the whole API: {"error": {"code", "message", "details"}}.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ServiceError } from '../services/context.ts'

export interface FieldProblem {
  path: string
  message: string
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }))
}

/** Parses a request part with a zod schema; refuses with 400 and every field problem at once. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) {
    throw new ServiceError(400, 'INVALID_INPUT', `the request ${where} is not valid`, fieldProblems(result.error))
  }
  return result.data
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.code(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } })
}

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ServiceError) return sendError(reply, err.status, err.code, err.message, err.details)
  const fe = err as FastifyError
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own refusals: unparsable JSON, body too large, wrong content type.
    const code = fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'BODY_TOO_LARGE'
      : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_REQUEST'
    return sendError(reply, fe.statusCode, code, fe.message)
  }
  request.log.error({ err }, 'request failed')
  return sendError(reply, 500, 'INTERNAL_ERROR', 'something went wrong on our side; the request was not carried out')
}
