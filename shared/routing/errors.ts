/**
 * The one error type of the routing area: how a handler reports a failure, and bad route declarations.
 */

/** Why routing or a handler failed. */
export type RoutingErrorCode =
  /** A handler failed for a reason that may pass (a 429, a timeout): the message comes back and only it re-runs. */
  | 'HANDLER_TRANSIENT'
  /** A handler failed for a reason that will not pass (bad data, a rule): the message is parked or dead-lettered. */
  | 'HANDLER_PERMANENT'
  /** A route declaration is invalid (empty name, bad stage, unknown filter value). */
  | 'INVALID_ROUTE'
  /** Two handlers share a name (names key per-handler idempotency, so they must be unique). */
  | 'DUPLICATE_HANDLER';

/**
 * Thrown by handlers to say how their failure should be settled, and by the registry for bad declarations.
 * Any other error a handler throws counts as transient.
 *
 * @example
 * ```ts
 * if (!event.target) throw new RoutingError('HANDLER_PERMANENT', 'Update without a Target');
 * ```
 */
export class RoutingError extends Error {
  public readonly code: RoutingErrorCode;
  public constructor(code: RoutingErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RoutingError';
    this.code = code;
  }
}

/**
 * Type guard for {@link RoutingError}; also by name and code, for an error from another copy of this module (a
 * module imported afresh, as the dev runner imports the function app), which `instanceof` would miss.
 *
 * @example `if (isRoutingError(e) && e.code === 'HANDLER_PERMANENT') ...`
 */
export function isRoutingError(error: unknown): error is RoutingError {
  return error instanceof RoutingError || (error instanceof Error && error.name === 'RoutingError' && typeof (error as { code?: unknown }).code === 'string');
}

/**
 * A permanent handler failure: the message is parked (or dead-lettered) with this reason, and not retried.
 *
 * @example
 * ```ts
 * throw permanentFailure('The account has no owner', { cause: error });
 * ```
 */
export function permanentFailure(message: string, options: { cause?: unknown } = {}): RoutingError {
  return new RoutingError('HANDLER_PERMANENT', message, options);
}

/**
 * A transient handler failure: the message comes back, and only this handler re-runs.
 *
 * @example
 * ```ts
 * if (response.status === 429) throw transientFailure('Throttled by the CRM API');
 * ```
 */
export function transientFailure(message: string, options: { cause?: unknown } = {}): RoutingError {
  return new RoutingError('HANDLER_TRANSIENT', message, options);
}
