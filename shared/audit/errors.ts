/**
 * The one error type of the audit area: Table Storage failures and claim conflicts, told apart by `code`.
 */

/** Why an audit operation failed. */
export type AuditErrorCode =
  /** Table Storage could not be reached or answered with a server error (transient: the message must come back). */
  | 'STORAGE_UNAVAILABLE'
  /** Another delivery holds a live claim on the same operation (transient: try again later). */
  | 'CLAIM_BUSY'
  /** The claim was taken over by another delivery while this one worked (its lease had expired). */
  | 'CLAIM_LOST'
  /** Table Storage refused the row (a key or value outside the service's limits): a bug to report. */
  | 'ROW_REJECTED'
  /** No audit row has that key. */
  | 'NOT_FOUND';

/**
 * Thrown by the audit store.
 *
 * @example
 * ```ts
 * try { await store.getRow(key); } catch (e) { if (isAuditError(e) && e.code === 'NOT_FOUND') console.log('no row'); }
 * ```
 */
export class AuditError extends Error {
  public readonly code: AuditErrorCode;
  public constructor(code: AuditErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuditError';
    this.code = code;
  }
}

/** Type guard for {@link AuditError}. @example `if (isAuditError(e)) console.log(e.code);` */
export function isAuditError(error: unknown): error is AuditError {
  return error instanceof AuditError;
}
