/**
 * An {@link XmlPullReader} over an element tree already in memory: lets the mapping read a tree (a test's hand-made
 * tree, or an element the mapping had to buffer because its parts came out of order) through the same code path.
 */
import type { XmlNode } from './node';
import { NAMES, NO_TYPE, NS_OTHER, URIS } from './names';
import type { Path, XmlPullReader } from './pullReader';
import { textBoolean, textDate, textDecimal, textDouble, textGuid, textInteger, textString, type NonFiniteDouble } from './xmlText';

/**
 * Reads `root` (positioned on it, as on the root of a document).
 *
 * @example
 * ```ts
 * const reader = new TreePullReader(parseXml(text, DEFAULT_DECODE_LIMITS), new Path());
 * while (reader.nextChild()) console.log(reader.localName());
 * ```
 */
export class TreePullReader implements XmlPullReader {
  public name = 0;
  public ns = 0;
  public nil = false;
  public typeName = NO_TYPE;
  public typeNs = 0;
  private current: XmlNode;
  /** Open elements and the index of the next child of each. */
  private readonly open: XmlNode[] = [];
  private readonly next: number[] = [];

  public constructor(
    root: XmlNode,
    private readonly path: Path,
  ) {
    this.current = root;
    this.enter(root);
  }

  private enter(node: XmlNode): void {
    this.current = node;
    this.open.push(node);
    this.next.push(0);
    this.name = NAMES.fromString(node.local);
    const ns = URIS.fromString(node.ns);
    this.ns = ns === 0 && node.ns !== '' ? NS_OTHER : ns;
    this.nil = node.nil;
    if (node.type === null) {
      this.typeName = NO_TYPE;
      this.typeNs = 0;
    } else {
      this.typeName = NAMES.fromString(node.type.local);
      const typeNs = URIS.fromString(node.type.ns);
      this.typeNs = typeNs === 0 && node.type.ns !== '' ? NS_OTHER : typeNs;
    }
  }

  /** Consumes the current element; returns it. */
  private leave(): XmlNode {
    this.next.pop();
    return this.open.pop()!;
  }

  public localName(): string {
    return this.current.local;
  }

  public namespaceUri(): string {
    return this.current.ns;
  }

  public typeLocalName(): string {
    return this.current.type?.local ?? '';
  }

  public typeNamespaceUri(): string {
    return this.current.type?.ns ?? '';
  }

  public nextChild(): boolean {
    const depth = this.open.length - 1;
    const parent = this.open[depth]!;
    const index = this.next[depth]!;
    if (index < parent.children.length) {
      this.next[depth] = index + 1;
      this.enter(parent.children[index]!);
      return true;
    }
    this.leave();
    return false;
  }

  public skip(): void {
    this.leave();
  }

  public readNode(): XmlNode {
    return this.leave();
  }

  public readKey(): string {
    return this.readString();
  }

  public readString(): string {
    return textString(this.leave().text);
  }

  public readInteger(): number {
    return textInteger(this.leave().text, this.path);
  }

  public readDecimal(): number {
    return textDecimal(this.leave().text, this.path);
  }

  public readDouble(): number | NonFiniteDouble {
    return textDouble(this.leave().text, this.path);
  }

  public readBoolean(): boolean {
    return textBoolean(this.leave().text, this.path);
  }

  public readDate(): string {
    return textDate(this.leave().text, this.path);
  }

  public readGuid(): string {
    return textGuid(this.leave().text, this.path);
  }
}
