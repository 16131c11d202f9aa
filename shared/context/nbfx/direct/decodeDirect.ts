/**
 * The direct (schema-directed) path for `application/msbin1` bodies: one pass over the bytes that writes the model
 * without a pull reader or name lookups, for bodies shaped as Dataverse writes them. It never reports an error:
 * on anything unexpected it returns `undefined` and the general decoder (contextFromNbfx) decides, so every error,
 * and every model of an unusual body, comes from the general path.
 */
import type { DecodeLimits } from '../../limits';
import type { RemoteExecutionContext } from '../../model';
import { holdsTemplate } from './byteTemplate';
import { DirectContextReader } from './directContracts';
import { Ns, ROOT_START } from './directVocabulary';
import { GIVE_UP } from './giveUp';

/** One reader serves every call: decoding is synchronous and never re-entered. */
class DirectDecoder extends DirectContextReader {
  public decode(bytes: Uint8Array, limits: DecodeLimits): RemoteExecutionContext | undefined {
    GIVE_UP.reason = '';
    if (!this.start(bytes, limits)) {
      GIVE_UP.reason = 'limits';
      return undefined;
    }
    try {
      if (!(ROOT_START.length <= this.end && holdsTemplate(this.v, bytes, 0, ROOT_START))) {
        GIVE_UP.reason = 'root start';
        return undefined;
      }
      this.p = ROOT_START.length;
      this.slots[8] = Ns.Xsi; // i
      const context = this.context();
      if (this.p !== this.end) {
        GIVE_UP.reason = 'trailing bytes';
        return undefined;
      }
      return context;
    } catch (error) {
      // Only the direct path's own signal means "hand off"; anything else is a bug and must surface.
      if (error === GIVE_UP) return undefined;
      throw error;
    } finally {
      this.release();
    }
  }
}

const shared = new DirectDecoder();

/**
 * Decodes a binary `RemoteExecutionContext` the direct way, or returns `undefined` when the general decoder must
 * (an unusual shape, a limit that could be reached, or bad bytes). When it returns a model, that model deep-equals
 * the general decoder's for the same bytes and limits.
 *
 * @example
 * ```ts
 * const context = decodeDirect(body, limits) ?? contextFromNbfx(body, limits);
 * ```
 */
export function decodeDirect(bytes: Uint8Array, limits: DecodeLimits): RemoteExecutionContext | undefined {
  return shared.decode(bytes, limits);
}

/**
 * Why the last {@link decodeDirect} call handed off ('' when it did not): for tests and debugging.
 *
 * @example
 * ```ts
 * if (decodeDirect(body, limits) === undefined) console.log(lastHandOffReason()); // e.g. 'member'
 * ```
 */
export function lastHandOffReason(): string {
  return GIVE_UP.reason;
}
