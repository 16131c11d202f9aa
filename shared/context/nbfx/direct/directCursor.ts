/**
 * The state of one direct decode and the structural steps every contract uses: matching member starts, element
 * ends, `i:nil`, attributes with their namespace declarations (prefixes a–z, scoped), and the conservative limit
 * accounting. Any byte it does not expect gives up (see giveUp.ts): it never reports an error itself.
 *
 * Reads past the end of the body yield `undefined`, which fails every comparison; where a read feeds arithmetic
 * or a length, the bounds are checked explicitly first.
 */
import type { DecodeLimits } from '../../limits';
import { holdsTemplate, holdsBytes, type ByteTemplate } from './byteTemplate';
import { giveUp } from './giveUp';
import { ATTRIBUTE_BLOCKS, ITEM_NAMES, NAMESPACES_BY_LENGTH, NIL_END, Ns, blockIndex, typeId } from './directVocabulary';

const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);

/** Is `c` an attribute record (0x04–0x3f)? Then an element start has attributes. */
export const isAttributeRecord = (c: number | undefined): boolean => c !== undefined && c >= 0x04 && c <= 0x3f;

/** The cursor over one body; subclasses add the leaves and the contracts. */
export class DirectCursor {
  protected b: Uint8Array = EMPTY;
  protected v: DataView = EMPTY_VIEW;
  protected p = 0;
  protected end = 0;
  protected depth = 0;
  protected maxDepth = 0;
  protected maxStr = 0;
  private maxAttrs = 0;
  private maxNs = 0;
  /** Namespace id bound to prefix a..z (0 = unbound). */
  protected readonly slots = new Int8Array(26);
  private readonly stackLetter: number[] = [];
  private readonly stackOld: number[] = [];
  protected top = 0;
  // The attributes of the element start just read (by attrs()).
  protected nil = false;
  protected typeNs = 0;
  protected typeId = 0;

  /**
   * Starts on a body; false when a limit could be reached, which this path does not count exactly.
   * The body-length checks stand for maxRecords and maxArrayLength: every record (and packed item) takes a byte.
   */
  protected start(bytes: Uint8Array, limits: DecodeLimits): boolean {
    if (bytes.length > limits.maxRecords || bytes.length > limits.maxArrayLength) return false;
    // maxBytes is the general reader's first check; callers of contextFromNbfx may not have made it.
    if (bytes.length > limits.maxBytes) return false;
    // The root holds 2 attributes and declares 2 namespaces; margins of 3 levels cover leaves and item parts.
    if (limits.maxAttributes < 2 || limits.maxNamespaces < 2) return false;
    // maxStringLength also bounds names, namespace URIs and i:type texts, which this path matches without counting:
    // all of those it accepts are shorter than 128 bytes.
    if (limits.maxStringLength < 128) return false;
    // The descent is recursive: a configured depth far above Dataverse's (a few dozen levels) could overflow the
    // stack, which must not happen here (it would be a RangeError, not a hand-off).
    if (limits.maxDepth > 1024) return false;
    this.b = bytes;
    this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.p = 0;
    this.end = bytes.length;
    this.depth = 1;
    this.maxDepth = limits.maxDepth - 3;
    this.maxStr = limits.maxStringLength;
    this.maxAttrs = limits.maxAttributes;
    this.maxNs = limits.maxNamespaces - 2;
    this.slots.fill(0);
    this.top = 0;
    return true;
  }

  /** Drops the body so that it is not kept alive between calls. */
  protected release(): void {
    this.b = EMPTY;
    this.v = EMPTY_VIEW;
  }

  /** Index of the member whose start is at p, trying `from` (the expected next one) first; p moves past it. */
  protected member(templates: readonly ByteTemplate[], from: number): number {
    const m = this.findMember(templates, from);
    return m >= 0 ? m : giveUp('member');
  }

  /** As {@link member}, but -1 (p unchanged) when the element at p is none of them. */
  protected findMember(templates: readonly ByteTemplate[], from: number): number {
    const b = this.b;
    const p = this.p;
    const second = b[p + 1];
    const n = templates.length;
    for (let k = from; k < n; k++) if (this.matches(templates[k]!, p, second)) return k;
    for (let k = 0; k < from && k < n; k++) if (this.matches(templates[k]!, p, second)) return k;
    return -1;
  }

  private matches(t: ByteTemplate, p: number, second: number | undefined): boolean {
    if (second !== t.second || p + t.length > this.end || !holdsTemplate(this.v, this.b, p, t)) return false;
    this.p = p + t.length;
    return true;
  }

  /** Consumes an EndElement record. */
  protected endElement(): void {
    if (this.b[this.p] !== 0x01) giveUp('element end');
    this.p++;
  }

  /** True (consumed `i:nil="true"` and the element end) when the leaf at p is nil; other attributes give up. */
  protected leafNil(): boolean {
    const b = this.b;
    const p = this.p;
    if (b[p] !== 0x2e) return false;
    if (p + NIL_END.length > this.end || !holdsBytes(b, p, NIL_END)) giveUp('leaf attributes');
    this.p = p + NIL_END.length;
    return true;
  }

  /** One more element level; gives up near maxDepth (the general reader reports it with the path). */
  protected enter(): void {
    if (++this.depth > this.maxDepth) giveUp('depth');
  }

  private bind(letter: number, id: number): void {
    const top = this.top;
    if (top >= this.maxNs) giveUp('namespaces');
    this.stackLetter[top] = letter;
    this.stackOld[top] = this.slots[letter]!;
    this.slots[letter] = id;
    this.top = top + 1;
  }

  /** Ends the scope of the declarations made since `mark` (a value of `top`). */
  protected unbind(mark: number): void {
    while (this.top > mark) {
      const top = --this.top;
      this.slots[this.stackLetter[top]!] = this.stackOld[top]!;
    }
  }

  /** The attributes of the element start just read: i:nil, i:type, xmlns:x (x ≠ i). Sets nil / typeNs / typeId. */
  protected attributes(): void {
    if (this.attributeBlock()) return;
    const b = this.b;
    const end = this.end;
    let p = this.p;
    let nil = false;
    let seenNil = false;
    let typeStart = -1;
    let typeLength = 0;
    let count = 0;
    let declared = 0;
    for (;;) {
      const c = b[p];
      if (c === 0x2e) {
        if (p + 6 > end) giveUp('attribute bounds');
        if (b[p + 1] === 3 && b[p + 2] === 0x6e && b[p + 3] === 0x69 && b[p + 4] === 0x6c && !seenNil) {
          const value = b[p + 5];
          if (value === 0x86) nil = true;
          else if (value !== 0x84) giveUp('nil value');
          seenNil = true;
          p += 6;
        } else if (b[p + 1] === 4 && b[p + 2] === 0x74 && b[p + 3] === 0x79 && b[p + 4] === 0x70 && b[p + 5] === 0x65 && typeStart < 0) {
          if (p + 8 > end || b[p + 6] !== 0x98) giveUp('type record');
          typeLength = b[p + 7]!;
          typeStart = p + 8;
          p = typeStart + typeLength;
          if (p > end) giveUp('type bounds');
        } else giveUp('i: attribute');
      } else if (c === 0x09) {
        p = this.declaration(p, declared);
        declared |= 1 << this.lastLetter;
      } else break;
      if (++count > this.maxAttrs) giveUp('attributes');
    }
    this.p = p;
    this.nil = nil;
    this.typeId = 0;
    this.typeNs = 0;
    if (typeStart >= 0) this.resolveType(typeStart, typeLength);
  }

  /** The prefix the last declaration() bound. */
  private lastLetter = 0;

  /** An `xmlns:x="uri"` record at p (x a..z, not i, once per element, a known URI): binds it; returns the next p. */
  private declaration(p: number, declared: number): number {
    const b = this.b;
    if (p + 4 > this.end || b[p + 1] !== 1) giveUp('xmlns prefix');
    const letter = b[p + 2]! - 0x61;
    if (letter < 0 || letter > 25 || letter === 8) giveUp('xmlns letter');
    if ((declared & (1 << letter)) !== 0) giveUp('xmlns twice');
    const length = b[p + 3]!;
    if (length >= 0x80 || p + 4 + length > this.end) giveUp('xmlns uri bounds');
    let id = 0;
    const candidates = NAMESPACES_BY_LENGTH[length];
    if (candidates !== undefined) {
      for (let k = 0; k < candidates.length; k++) {
        const ns = candidates[k]!;
        if (holdsTemplate(this.v, b, p + 4, ns.uri)) {
          id = ns.id;
          break;
        }
      }
    }
    if (id === 0 || id === Ns.Xsi) giveUp('xmlns uri');
    this.bind(letter, id);
    this.lastLetter = letter;
    return p + 4 + length;
  }

  /**
   * The common case in one compare: the whole `i:type` attribute with the declaration of its prefix. Taken only
   * when no other attribute follows (else attributes() decides). The declaration is bound as attributes() binds.
   */
  private attributeBlock(): boolean {
    const b = this.b;
    const p = this.p;
    if (b[p] !== 0x2e || b[p + 1] !== 4 || b[p + 6] !== 0x98 || p + 9 > this.end) return false;
    const length = b[p + 7]!;
    const index = blockIndex(length, b[p + 7 + length]!);
    if (index < 0) return false;
    const list = ATTRIBUTE_BLOCKS[index];
    if (list === undefined) return false;
    for (let k = 0; k < list.length; k++) {
      const block = list[k]!;
      const t = block.template;
      const q = p + t.length;
      if (q < this.end && holdsTemplate(this.v, b, p, t) && !isAttributeRecord(b[q])) {
        // Recorded like any declaration (2 attributes: start() ensures maxAttributes): the block is also taken on
        // container elements, whose descendants see the binding and count it toward maxNamespaces.
        if (block.declares >= 0) this.bind(block.declares, block.ns);
        this.p = q;
        this.nil = false;
        this.typeNs = block.ns;
        this.typeId = block.type;
        return true;
      }
    }
    return false;
  }

  /** `b:string` → the namespace bound to b (after all of this element's declarations) and the local name. */
  private resolveType(start: number, length: number): void {
    const b = this.b;
    let local = start;
    // No prefix: the default namespace, xrm 2011 (declared on the root and never re-declared on this path).
    let ns: number = Ns.Xrm;
    if (length > 2 && b[start + 1] === 0x3a) {
      const letter = b[start]! - 0x61;
      if (letter < 0 || letter > 25) giveUp('type prefix');
      ns = this.slots[letter]!;
      if (ns === 0) giveUp('unbound type prefix');
      local = start + 2;
    } else {
      for (let k = start; k < start + length; k++) if (b[k] === 0x3a) giveUp('long type prefix');
    }
    const id = typeId(b, local, start + length - local);
    if (id === 0) giveUp('type name');
    this.typeNs = ns;
    this.typeId = id;
  }

  /** A prefixed element `x:key` / `x:value` with x bound to System.Collections.Generic; returns x. */
  protected genericPart(name: Uint8Array): number {
    const b = this.b;
    const p = this.p;
    const letter = b[p]! - 0x5e;
    if (!(letter >= 0 && letter <= 25) || this.slots[letter] !== Ns.Generic) giveUp('part prefix');
    if (p + 2 + name.length > this.end || b[p + 1] !== name.length || !holdsBytes(b, p + 2, name)) giveUp('part name');
    this.p = p + 2 + name.length;
    return letter;
  }

  /** After a key/value part's attributes: its own prefix must still mean System.Collections.Generic. */
  protected checkPart(letter: number): void {
    if (this.slots[letter] !== Ns.Generic) giveUp('part rebound');
  }

  /** An element start with no prefix or a bound prefix a–z; returns the p after the record byte and name length. */
  private nameStart(): number {
    const b = this.b;
    const p = this.p;
    if (p + 2 > this.end) giveUp('element bounds');
    const c = b[p]!;
    if (c !== 0x40) {
      const letter = c - 0x5e;
      if (!(letter >= 0 && letter <= 25) || this.slots[letter] === 0) giveUp('element record');
    }
    return p + 2;
  }

  /** A collection item start (`KeyValuePairOf…`), without attributes. */
  protected itemStart(): void {
    const s = this.nameStart();
    const b = this.b;
    const length = b[s - 1]!;
    if (length >= 0x80 || s + length > this.end) giveUp('item name bounds');
    let known = false;
    for (let k = 0; k < ITEM_NAMES.length; k++) {
      const name = ITEM_NAMES[k]!;
      if (name.length === length && holdsTemplate(this.v, b, s, name)) {
        known = true;
        break;
      }
    }
    if (!known) giveUp('item name');
    this.p = s + length;
    if (isAttributeRecord(b[this.p])) giveUp('item attributes');
  }

  /**
   * An array item start with any name, as the general reader accepts it for items (it does not check item names):
   * restricted here to printable ASCII, which is valid UTF-8 and never a prefix-less surprise.
   */
  protected anyStart(): void {
    const s = this.nameStart();
    const b = this.b;
    const length = b[s - 1]!;
    if (length === 0 || length >= 0x80 || s + length > this.end) giveUp('element name bounds');
    for (let k = s; k < s + length; k++) {
      const c = b[k]!;
      if (c >= 0x80 || c <= 0x20) giveUp('element name character');
    }
    this.p = s + length;
  }
}
