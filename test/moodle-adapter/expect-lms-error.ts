import assert from 'node:assert/strict'
import { LmsError } from '../../src/lms/lms-adapter.ts'

/** Awaits a promise that must reject with an LmsError, and returns that error for closer checks. */
export async function expectLmsError(promise: Promise<unknown>): Promise<LmsError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof LmsError, String(error))
    return error
  }
  assert.fail('expected an LmsError')
}
