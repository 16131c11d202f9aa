/**
 * Test helpers: an element tree as plain data (typed text rendered to its string), and the reference reader's dump
 * (`test/fixtures/nbfx/NbfxDump.cs`) parsed into the same shape, so that trees compare with `toEqual`.
 */
import type { XmlNode } from '../../../shared/context/xml/node';

/** A tree node as plain data. */
export interface PlainNode {
  ns: string;
  local: string;
  type: string | null;
  nil: boolean;
  text: string;
  children: PlainNode[];
}

/** The tree with its text rendered (`asString()`), for comparisons. */
export function plainTree(node: XmlNode): PlainNode {
  return {
    ns: node.ns,
    local: node.local,
    type: node.type === null ? null : `${node.type.ns}|${node.type.local}`,
    nil: node.nil,
    text: typeof node.text === 'string' ? node.text : node.text.asString(),
    children: node.children.map(plainTree),
  };
}

const unescape = (s: string): string => s.replace(/\\u([0-9a-f]{4})|\\\\/g, (m, hex: string | undefined) => (hex === undefined ? '\\' : String.fromCharCode(parseInt(hex, 16))));

/** Parses the reference dump lines (`E ns local [type=ns|local] [nil=v]`, `T text`, `/`) into a tree. */
export function treeFromDump(lines: readonly string[]): PlainNode | undefined {
  const stack: PlainNode[] = [];
  let root: PlainNode | undefined;
  for (const line of lines) {
    if (line.startsWith('E ')) {
      const match = /^E (\S*) (\S+)(?: type=(\S*))?(?: nil=(\S*))?$/.exec(line);
      if (match === null) throw new Error(`bad dump line ${line}`);
      const node: PlainNode = { ns: match[1]!, local: match[2]!, type: match[3] ?? null, nil: match[4] === 'true' || match[4] === '1', text: '', children: [] };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(node);
      else root = node;
      stack.push(node);
    } else if (line.startsWith('T ')) {
      stack[stack.length - 1]!.text += unescape(line.slice(2));
    } else if (line === '/') {
      stack.pop();
    } else if (line.startsWith('ERROR')) {
      return undefined;
    }
  }
  return root;
}
