// Registration states and their allowed transitions, in one table.
// `desired` is what the training system wants; `status` is what coursebridge has observed/achieved.

export const desiredStates = ['active', 'cancelled'] as const
export type Desired = (typeof desiredStates)[number]

export const registrationStatuses = {
  /** Waiting for a worker to make the LMS match the desired state. */
  pending: { final: false },
  /** A transient failure (LMS down, timeout); the queue retries with backoff. */
  retrying: { final: false },
  /** The person's data would break the LMS account; waits until the person is corrected. */
  waiting_for_data: { final: false },
  /** The LMS connection is set up wrong (token, capability, service); waits for an administrator. */
  needs_admin: { final: false },
  /** The LMS refused this record, or retries were exhausted; an administrator decides (retry). */
  failed: { final: false },
  /** Account exists and access is granted. */
  active: { final: true },
  /** Access removed (or never given); the account is left as it is. */
  cancelled: { final: true },
} as const
export type RegistrationStatus = keyof typeof registrationStatuses

/** From any status a registration may go back to pending (a change, a fix, a retry). */
const transitions: Record<RegistrationStatus, readonly RegistrationStatus[]> = {
  pending: ['pending', 'retrying', 'waiting_for_data', 'needs_admin', 'failed', 'active', 'cancelled'],
  retrying: ['pending', 'retrying', 'waiting_for_data', 'needs_admin', 'failed', 'active', 'cancelled'],
  waiting_for_data: ['pending', 'waiting_for_data', 'cancelled'],
  needs_admin: ['pending', 'needs_admin', 'cancelled'],
  failed: ['pending', 'failed', 'cancelled'],
  active: ['pending', 'active'],
  cancelled: ['pending', 'cancelled'],
}

export function canTransition(from: RegistrationStatus, to: RegistrationStatus): boolean {
  return transitions[from].includes(to)
}

/** What a status means for someone reading the API or the UI. */
export function isSettled(status: RegistrationStatus, desired: Desired): boolean {
  return (desired === 'active' && status === 'active') || (desired === 'cancelled' && status === 'cancelled')
}
