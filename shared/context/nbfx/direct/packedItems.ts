/**
 * The items of an MC-NBFX Array record (fixed-size slots, no element per item) as the model's values, checked
 * against the declared item type of the array they sit in.
 */
import type { Value } from '../../model';
import { doubleFromNumber } from '../../xml/xmlText';
import { dateTimeAt, decimalAt } from './directLeaves';
import { Ns, T, isIntegerType } from './directVocabulary';
import { giveUp } from './giveUp';

/** Slot size of the Array item record types the direct path reads (0 = not one of them). */
function slotSize(code: number): number {
  switch (code) {
    case 0x8b: return 2; // Int16
    case 0x8d: return 4; // Int32
    case 0x8f: case 0x93: case 0x97: return 8; // Int64, Double, DateTime
    case 0x95: return 16; // Decimal
    default: return 0;
  }
}

/**
 * Reads `count` slots of record type `code` from `at`, appending them to `out`; returns the position after them.
 *
 * @example
 * ```ts
 * p = readPackedValues(bytes, view, p, end, 0x8d, 3, Ns.Xsd, T.int, out); // three Int32 slots → out.push(1, 2, 3)
 * ```
 */
export function readPackedValues(bytes: Uint8Array, view: DataView, at: number, end: number, code: number, count: number, itemNs: number, item: number, out: Value[]): number {
  const size = slotSize(code);
  if (size === 0) giveUp('array item type');
  if (itemNs !== Ns.Xsd) giveUp('array slot namespace');
  let p = at;
  if (p + count * size > end) giveUp('array bounds');
  for (let k = 0; k < count; k++, p += size) {
    if (code === 0x97) {
      if (item !== T.dateTime) giveUp('array date slot');
      out.push(dateTimeAt(view, p));
      continue;
    }
    const n =
      code === 0x8b ? view.getInt16(p, true)
      : code === 0x8d ? view.getInt32(p, true)
      : code === 0x8f ? view.getInt32(p + 4, true) * 4294967296 + view.getUint32(p, true)
      : code === 0x95 ? decimalAt(bytes, view, p)
      : view.getFloat64(p, true);
    if (isIntegerType(item)) {
      if (!Number.isInteger(n)) giveUp('not an integer');
      out.push(n);
    } else if (item === T.decimal) {
      if (!Number.isFinite(n)) giveUp('not finite');
      out.push(n);
    } else if (item === T.double || item === T.float) out.push(doubleFromNumber(n));
    else giveUp('array slot type');
  }
  return p;
}
