/**
 * The one error type of the pipeline: the reasons a message is poison, and the two errors the Service Bus handler
 * throws to the host (`RETRY`: abandon, the message comes back; `DEAD_LETTER`: abandon on every delivery so Service
 * Bus dead-letters it after MaxDeliveryCount).
 */

/** Pipeline error codes. */
export type PipelineErrorCode =
  /** A binary body reached the function as text (the trigger lacks `dataType: 'binary'`); the host's UTF-8 decode is lossy. */
  | 'BODY_NOT_BINARY'
  /** The body is missing, or of a shape no trigger produces. */
  | 'UNSUPPORTED_BODY'
  /** The organization is not in `DATAVERSE_ALLOWED_ORGANIZATIONS`. */
  | 'ORGANIZATION_NOT_ALLOWED'
  /** Dataverse truncated the message and `DATAVERSE_TRUNCATED_POLICY=poison`. */
  | 'TRUNCATED'
  /** No route matched and `DATAVERSE_UNMATCHED_POLICY=poison`. */
  | 'UNMATCHED'
  /** The message failed transiently: thrown to the host so the message is abandoned and comes back. */
  | 'RETRY'
  /** The message is poison in dead-letter mode: thrown on every delivery so Service Bus dead-letters it. */
  | 'DEAD_LETTER';

/**
 * A pipeline error. `RETRY` and `DEAD_LETTER` are what the function throws; `cause` holds the underlying failure.
 *
 * @example
 * ```ts
 * try { await dataverseQueueHandler(body, context); } catch (e) { if (isPipelineError(e)) console.log(e.code); }
 * ```
 */
export class PipelineError extends Error {
  public readonly code: PipelineErrorCode;
  public constructor(code: PipelineErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code === 'DEAD_LETTER' ? 'PoisonMessageError' : 'PipelineError';
    this.code = code;
  }
}

/** Type guard for {@link PipelineError}. @example `if (isPipelineError(e) && e.code === 'RETRY') ...` */
export function isPipelineError(error: unknown): error is PipelineError {
  return error instanceof PipelineError;
}
