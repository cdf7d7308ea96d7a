// Types of scripts/build.mjs for the TypeScript that imports it (bench/run.ts).
export declare const repoRoot: string
export declare const buildInputs: string[]
export declare class BuildUnavailableError extends Error {}
export declare class BuildFailedError extends Error {}
export interface EnsureBuiltOptions {
  /** The project (default: this repository); its tsconfig.build.json is compiled. */
  root?: string
  /** Default: dist/ under root. */
  outDir?: string
  log?: (line: string) => void
}
export interface BuildOptions extends EnsureBuiltOptions {
  /** Swap the output in although tsc reported type errors (it writes the JavaScript anyway). */
  allowTypeErrors?: boolean
}
export declare function newestInput(root?: string, inputs?: string[]): { path: string; mtimeMs: number }
export declare function staleReason(options?: { root?: string; outDir?: string; inputs?: string[] }): string | null
export declare function build(options?: BuildOptions): string
export declare function ensureBuilt(options?: EnsureBuiltOptions): string
