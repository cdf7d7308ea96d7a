// The connection check as the UI shows it. The shape is the one of POST /api/v1/connections/{id}/check
// (src/http/routes/connection-check.ts); the UI calls the same service function, handed in by
// registerAdminUi's caller, never the API over HTTP.
export interface ConnectionCheckItem {
  id: string
  title: string
  status: 'pass' | 'fail' | 'unknown'
  detail: string
  fix?: { text: string; menuPath?: string; adminUrl?: string }
}

export interface ConnectionCheckReport {
  ok: boolean
  items: ConnectionCheckItem[]
}

export type ConnectionCheck = (tenantId: string, connectionId: string) => Promise<ConnectionCheckReport>
