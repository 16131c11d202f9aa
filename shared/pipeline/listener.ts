/**
 * Builds the pipeline's dependencies from settings: the audit store and the route registry. This is the API the
 * functions, the dev runner and the CLI share.
 */
import { createAuditStore } from '../audit/tableStore';
import { RouteRegistry, type HandlerGroup } from '../routing/registry';
import { loadSettings, type Settings, type SettingsSource } from '../settings';
import type { PipelineDeps } from './processMessage';

/**
 * Validated settings + audit store + registry.
 *
 * @example
 * ```ts
 * import { handlerGroups } from '../../handlers';
 * const deps = createListener(loadSettings(process.env), handlerGroups);
 * ```
 */
export function createListener(settings: Settings, groups: readonly HandlerGroup[]): PipelineDeps {
  return { settings, store: createAuditStore(settings), registry: new RouteRegistry(groups) };
}

/**
 * Like {@link createListener}, from an env-like object.
 *
 * @example
 * ```ts
 * const deps = createListenerFromEnv({ AUDIT_STORAGE: 'UseDevelopmentStorage=true' }, handlerGroups);
 * ```
 */
export function createListenerFromEnv(env: SettingsSource, groups: readonly HandlerGroup[]): PipelineDeps {
  return createListener(loadSettings(env), groups);
}
