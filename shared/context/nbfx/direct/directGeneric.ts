/**
 * Contracts the model does not map (QueryExpression and friends) as an `Unknown`: the generic rendering of
 * genericValue.ts (child elements → object keyed by local name, a repeated name → array, a leaf → its text,
 * nil → null), read directly. Only shapes the direct path can render exactly are taken: string-like leaf texts,
 * no mixed content, no text record it does not know.
 */
import type { GenericValue, Unknown } from '../../model';
import { setMember } from './setMember';
import { decodeName } from '../decodeString';
import { DirectLeafReader } from './directLeaves';
import { TYPE_NAMES, XRM_2011 } from './directVocabulary';
import { giveUp } from './giveUp';

/** Is `c` an element start record the direct path reads (0x40, or a prefix a–z: 0x5e–0x77)? */
const isElementStart = (c: number | undefined): boolean => c === 0x40 || (c !== undefined && c >= 0x5e && c <= 0x77);

/** Adds the generic rendering of Unknown values to the leaf readers. */
export class DirectGenericReader extends DirectLeafReader {
  /** The element typed as xrm 2011 contract `t` (attributes read, not nil), as an Unknown. */
  protected unknownContract(t: number): Unknown {
    const value = this.genericContent();
    return { kind: 'Unknown', type: TYPE_NAMES[t]!, namespace: XRM_2011, value };
  }

  /** The content of the element whose attributes were just read, rendered generically; consumes its end. */
  private genericContent(): GenericValue {
    if (this.nil) {
      this.endElement();
      return null;
    }
    const b = this.b;
    if (!isElementStart(b[this.p])) return this.str();
    const out: { [key: string]: GenericValue } = {};
    let repeated: Set<string> | undefined;
    while (b[this.p] !== 0x01) {
      if (!isElementStart(b[this.p])) giveUp('generic mixed content');
      const key = this.elementName();
      const mark = this.top;
      this.attributes();
      this.enter();
      const value = this.genericContent();
      this.depth--;
      this.unbind(mark);
      // As genericValue: the first value as is, a second one makes an array.
      if (!Object.hasOwn(out, key)) setMember(out, key, value);
      else if (repeated?.has(key)) (out[key] as GenericValue[]).push(value);
      else {
        (repeated ??= new Set()).add(key);
        setMember(out, key, [out[key] as GenericValue, value]);
      }
    }
    this.p++;
    return out;
  }

  /** An element start (any printable ASCII name, see anyStart) and its local name. */
  private elementName(): string {
    const s = this.p + 2;
    this.anyStart();
    const name = decodeName(this.b, this.v, s, this.p);
    if (name === undefined) giveUp('generic name');
    return name;
  }
}
