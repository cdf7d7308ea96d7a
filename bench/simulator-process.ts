// The Moodle simulator in its own process, so its CPU time and memory are not counted as the connector's.
// Started by bench/simulator-client.ts (plain node from dist/bench/, or `node --import tsx` from source)
// with an IPC channel; exits when the parent goes away. Messages: see SimRequest / SimAnswer in simulator-client.ts.
import { createMoodleSimulator } from '../src/lms/moodle/simulator/index.ts'
import { parseCostOption } from '../src/lms/simulator-cost.ts'
import type { SimAnswer, SimRequest } from './simulator-client.ts'

// argv: 'calibrated' or flat milliseconds per call, then the calibrated model's PHP workers.
const cost = parseCostOption(process.argv[2] ?? 'calibrated', 'moodle', Number(process.argv[3] ?? 4))
// The flat model is the old latency: every call waits it, any number at once.
const sim = cost.name === 'flat'
  ? createMoodleSimulator({ world: 'recorded-site', latencyMs: cost.otherMs })
  : createMoodleSimulator({ world: 'recorded-site', cost })
const url = await sim.start(0, '127.0.0.1')

const send = (answer: SimAnswer) => process.send!(answer)

function isEnrolled(idnumber: string, courseId: number): boolean {
  const [user] = sim.findUsers((u) => u.idnumber === idnumber)
  return !!user && sim.enrolments(courseId).some((e) => e.userId === user.id)
}

process.on('message', (m: SimRequest) => {
  if (m.type === 'stats') {
    const byFunction: Record<string, number> = {}
    for (const call of sim.calls) byFunction[call.wsfunction] = (byFunction[call.wsfunction] ?? 0) + 1
    send({
      id: m.id, type: 'stats', calls: sim.calls.length, byFunction, enrolled: sim.enrolments(m.courseId).length,
      peakWorkers: sim.cost ? sim.workers.peak : null,
    })
  } else if (m.type === 'wait-enrolled') {
    // Polled here, not from the connector's process: the waiting costs the connector nothing.
    const deadline = Date.now() + m.timeoutMs
    const check = () => {
      if (isEnrolled(m.idnumber, m.courseId)) send({ id: m.id, type: 'enrolled', ok: true })
      else if (Date.now() > deadline) send({ id: m.id, type: 'enrolled', ok: false })
      else setTimeout(check, 2)
    }
    check()
  }
})
process.on('disconnect', () => {
  void sim.stop().finally(() => process.exit(0))
})
send({ id: 0, type: 'ready', url, token: sim.token })
