/**
 * The public API of bulletin: build a site from a folder, as the CLI does.
 *
 * ```ts
 * import { build, formatDiagnostic } from 'bulletin';
 * const result = await build({ root: 'my-site' });
 * for (const d of result.diagnostics) console.error(formatDiagnostic(d));
 * ```
 */
export { build, createBuildCache, type BuildOptions, type BuildResult, type StageTiming } from './build.js';
export { formatDiagnostic, type Diagnostic } from './diagnostics.js';
export type { Config, BuildFlags } from './config/config.js';
export type { Bulletin } from './content/bulletin.js';
export type { SitePlan, PagePlan } from './site/page-plan.js';
