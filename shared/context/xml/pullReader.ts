/**
 * The pull-reader interface the one XML → model mapping drives, implemented by the text XML reader
 * (`application/xml`), the .NET Binary XML reader (`application/msbin1`) and a reader over an {@link XmlNode} tree.
 * .NET's DataContractSerializer works the same way: it reads one `XmlReader` API that both the text and the binary
 * reader implement, asking for a typed value where the contract declares one, so that a binary Int32 or DateTime
 * record becomes the JS value without a string in between.
 *
 * Protocol: the reader is positioned on an element start ({@link XmlPullReader.nextChild} returned `true`, or the
 * root). Exactly one of these then consumes that element, end included: `nextChild()` until it returns `false`,
 * `skip()`, a `read…()` of its text content, or `readNode()`.
 */
import type { XmlNode } from './node';
import type { NonFiniteDouble } from './xmlText';

export interface XmlPullReader {
  /** The current element's local name id ({@link N} in `names.ts`; `UNKNOWN_NAME` when not in the table). */
  readonly name: number;
  /** The current element's namespace id ({@link NS}; `NS_OTHER` when not in the table). */
  readonly ns: number;
  /** Whether the current element has `i:nil="true"`. */
  readonly nil: boolean;
  /** The current element's `i:type` local name id; `NO_TYPE` when it has none. */
  readonly typeName: number;
  /** The current element's `i:type` namespace id. */
  readonly typeNs: number;
  /** The current element's local name. */
  localName(): string;
  /** The current element's namespace URI. */
  namespaceUri(): string;
  /** The current element's `i:type` local name (`''` when none). */
  typeLocalName(): string;
  /** The current element's `i:type` namespace URI (`''` when none). */
  typeNamespaceUri(): string;
  /** Moves to the next child element of the current element; `false` (the element's end consumed) when there is none. */
  nextChild(): boolean;
  /** Consumes the current element and everything in it. */
  skip(): void;
  /** The current element's text (child elements skipped), every character kept. */
  readString(): string;
  /**
   * The text as a collection key (an attribute or parameter name): the same as {@link readString}, but a key that
   * repeats may come back as the same string object (keys recur in every message; a reused string makes the object
   * store that follows cheaper).
   */
  readKey(): string;
  /** The text as an integer (`int`, `long`, ...). */
  readInteger(): number;
  /** The text as a `decimal`. */
  readDecimal(): number;
  /** The text as a `double`/`float` (IEEE specials as their lexical forms). */
  readDouble(): number | NonFiniteDouble;
  /** The text as an `xs:boolean`. */
  readBoolean(): boolean;
  /** The text as a model date. */
  readDate(): string;
  /** The text as a model GUID. */
  readGuid(): string;
  /** The current element as a tree (for contracts the model does not know). */
  readNode(): XmlNode;
}

/**
 * Where the mapping is in the context (`InputParameters.Target.Attributes.revenue`), kept as a stack of segments and
 * joined only when an error needs it.
 *
 * @example
 * ```ts
 * const path = new Path();
 * path.push('InputParameters');
 * path.push('Target');
 * path.toString(); // 'InputParameters.Target'
 * ```
 */
export class Path {
  private readonly parts: (string | number)[] = [];
  private length = 0;

  public push(part: string | number): void {
    this.parts[this.length++] = part;
  }

  public pop(): void {
    this.length--;
  }

  /** Empties the path (a reader is reused across bodies). */
  public clear(): void {
    this.length = 0;
  }

  public toString(): string {
    let out = '';
    for (let i = 0; i < this.length; i++) out += i === 0 ? String(this.parts[i]) : `.${String(this.parts[i])}`;
    return out;
  }
}
