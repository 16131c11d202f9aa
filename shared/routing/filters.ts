/**
 * The filters a route declares next to its handler, and the check that decides whether it fires.
 */
import type { RemoteExecutionContext } from '../context/model';
import { normalizeGuid } from '../context/values';
import { changedAttributesOf } from './event';
import { RoutingError } from './errors';

/** Pipeline stages by name (the numbers Dataverse sends). */
export const STAGES = { PreValidation: 10, PreOperation: 20, MainOperation: 30, PostOperation: 40 } as const;
/** A stage by name or number. */
export type StageName = keyof typeof STAGES;

/** When a route fires (all declared filters must pass). */
export interface RouteFilters {
  /** Update only: fire when at least one of these attributes is in Target (like a step's filtering attributes). Ignored for other messages. */
  changedAttributes?: readonly string[];
  /** Fire only at these stages (`'PostOperation'` or `40`). */
  stage?: StageName | number | readonly (StageName | number)[];
  /** Fire only for synchronous (`'sync'`, 0) or asynchronous (`'async'`, 1) steps. */
  mode?: 'sync' | 'async';
  /** Fire only when `Depth` is within these bounds (inclusive). `{ max: 1 }` = only operations a user started. */
  depth?: { min?: number; max?: number };
  /**
   * Do not fire for operations these users started (their `systemuserid`, compared with the context's
   * `InitiatingUserId`, braces and case ignored): typically your integration's application user, so that the changes
   * it writes back do not come round again (loop prevention).
   */
  notInitiatedBy?: readonly string[];
}

/** A GUID as the model writes it (lower case, no braces), or `undefined` when `text` is not one. */
function modelGuid(text: string): string | undefined {
  try {
    return normalizeGuid(text.trim(), 'notInitiatedBy');
  } catch {
    return undefined;
  }
}

/** Checks filter declarations once, at registration, so a typo fails at start-up. @example `validateFilters({ stage: 'PostOperation' }, 'account.welcome')` */
export function validateFilters(filters: RouteFilters, handlerName: string): void {
  const stages = filters.stage === undefined ? [] : Array.isArray(filters.stage) ? filters.stage : [filters.stage];
  for (const s of stages as (StageName | number)[]) {
    if (typeof s === 'string' ? !(s in STAGES) : !Object.values(STAGES).includes(s as 10)) {
      throw new RoutingError('INVALID_ROUTE', `Handler "${handlerName}": unknown stage ${JSON.stringify(s)} (use ${Object.keys(STAGES).join(', ')} or 10/20/30/40)`);
    }
  }
  if (filters.mode !== undefined && filters.mode !== 'sync' && filters.mode !== 'async') {
    throw new RoutingError('INVALID_ROUTE', `Handler "${handlerName}": mode must be 'sync' or 'async'`);
  }
  if (filters.changedAttributes !== undefined && filters.changedAttributes.length === 0) {
    throw new RoutingError('INVALID_ROUTE', `Handler "${handlerName}": changedAttributes is empty (omit it to fire on every Update)`);
  }
  if (filters.notInitiatedBy !== undefined && filters.notInitiatedBy.length === 0) {
    // A list built from an unset setting must not turn loop prevention off without a word.
    throw new RoutingError('INVALID_ROUTE', `Handler "${handlerName}": notInitiatedBy is empty (is the setting it comes from missing? omit it to fire for every user)`);
  }
  for (const id of filters.notInitiatedBy ?? []) {
    const guid = typeof id === 'string' ? modelGuid(id) : undefined;
    if (guid === undefined || guid === '00000000-0000-0000-0000-000000000000') {
      throw new RoutingError('INVALID_ROUTE', `Handler "${handlerName}": notInitiatedBy holds ${JSON.stringify(id)}, not a user id (a GUID; is the setting it comes from missing?)`);
    }
  }
}

/** The stage numbers a filter allows, or `undefined` for any. */
export function stageNumbers(filters: RouteFilters): number[] | undefined {
  if (filters.stage === undefined) return undefined;
  const list = Array.isArray(filters.stage) ? filters.stage : [filters.stage];
  return (list as (StageName | number)[]).map((s) => (typeof s === 'number' ? s : STAGES[s]));
}

/**
 * Why the filters reject a context, or `undefined` when the route fires.
 *
 * @example
 * ```ts
 * filterRejection({ changedAttributes: ['name'] }, context); // 'none of name changed'
 * ```
 */
export function filterRejection(filters: RouteFilters, context: RemoteExecutionContext): string | undefined {
  const stages = stageNumbers(filters);
  if (stages !== undefined && !stages.includes(context.stage)) return `stage ${context.stage} not in ${stages.join('/')}`;
  if (filters.mode !== undefined && context.mode !== (filters.mode === 'sync' ? 0 : 1)) return `mode ${context.mode === null ? 'unknown' : context.mode === 0 ? 'sync' : 'async'} is not ${filters.mode}`;
  if (filters.depth !== undefined && context.depth === null) return 'depth unknown (the body has no Depth)';
  if (filters.depth?.min !== undefined && context.depth !== null && context.depth < filters.depth.min) return `depth ${context.depth} < ${filters.depth.min}`;
  if (filters.depth?.max !== undefined && context.depth !== null && context.depth > filters.depth.max) return `depth ${context.depth} > ${filters.depth.max}`;
  if (filters.notInitiatedBy !== undefined) {
    // Unknown is not "someone else": for loop prevention, the safe answer is not to fire (as for an unknown depth).
    if (context.initiatingUserId === null) return 'initiating user unknown (the body has no InitiatingUserId)';
    if (filters.notInitiatedBy.some((id) => modelGuid(id) === context.initiatingUserId)) return `initiated by ${context.initiatingUserId} (notInitiatedBy)`;
  }
  if (filters.changedAttributes !== undefined && context.messageName.toLowerCase() === 'update') {
    const changed = changedAttributesOf(context);
    if (!filters.changedAttributes.some((a) => Object.hasOwn(changed, a.toLowerCase()) || Object.hasOwn(changed, a))) {
      return `none of ${filters.changedAttributes.join(', ')} changed`;
    }
  }
  return undefined;
}
