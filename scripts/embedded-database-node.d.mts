// Types of embedded-database-node.mjs (plain JavaScript: bin/coursebridge.js runs it before any build).
export declare const embeddedDatabaseNodeFlags: string[]
export declare const embeddedDatabaseMallocEnv: Record<string, string>
export declare function embeddedDatabaseRestart(process: { argv: string[]; execArgv: string[]; env: Record<string, string | undefined> }): { args: string[]; env: Record<string, string | undefined> } | null
