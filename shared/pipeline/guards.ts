/**
 * The guards every decoded message passes before any handler: the organization allow-list, truncation, depth.
 */
import type { RemoteExecutionContext } from '../context/model';
import type { DeliveryFacts } from '../routing/event';
import type { Settings } from '../settings';
import type { MessageResult } from './settlement';

/** A guard's verdict: pass, or a result with its reason code and message. */
export type GuardVerdict = { pass: true } | { pass: false; result: Extract<MessageResult, 'skipped' | 'poison'>; reason: string; message: string };

/**
 * Runs the guards in order: organization (poison), truncation (per policy), depth (skip).
 *
 * @example
 * ```ts
 * const verdict = runGuards(context, facts, settings);
 * if (!verdict.pass) console.log(verdict.reason); // e.g. 'ORGANIZATION_NOT_ALLOWED'
 * ```
 */
export function runGuards(context: RemoteExecutionContext, facts: DeliveryFacts, settings: Pick<Settings, 'allowedOrganizations' | 'truncatedPolicy' | 'maxDepth'>): GuardVerdict {
  const allowed = settings.allowedOrganizations;
  if (allowed.length > 0) {
    const candidates = [context.organizationId, context.organizationName, facts.claims.organization].filter((c): c is string => typeof c === 'string' && c !== '').map((c) => c.toLowerCase());
    if (!candidates.some((c) => allowed.includes(c))) {
      return {
        pass: false,
        result: 'poison',
        reason: 'ORGANIZATION_NOT_ALLOWED',
        message: `Organization ${context.organizationId} (${context.organizationName}; claim ${facts.claims.organization ?? 'none'}) is not in DATAVERSE_ALLOWED_ORGANIZATIONS`,
      };
    }
  }
  if (facts.truncated && settings.truncatedPolicy !== 'process') {
    return {
      pass: false,
      result: settings.truncatedPolicy === 'skip' ? 'skipped' : 'poison',
      reason: 'TRUNCATED',
      message: 'Dataverse truncated the message (MessageMaxSizeExceeded): InputParameters, images and ParentContext are missing',
    };
  }
  if (context.depth !== null && context.depth > settings.maxDepth) {
    return { pass: false, result: 'skipped', reason: 'DEPTH_EXCEEDED', message: `Depth ${context.depth} exceeds DATAVERSE_MAX_DEPTH ${settings.maxDepth}` };
  }
  return { pass: true };
}
