/**
 * The plain rendering of a value the model has no kind for (`Unknown.value`).
 */
import type { GenericValue } from '../model';
import { type JsonWalk } from './jsonWalk';
import { TYPE_HINT_MEMBER } from './typeHint';
import { setMember } from './setMember';

/**
 * A parsed JSON value as plain data: objects keep their members minus the `__type` hints (at every level: they are
 * serializer artifacts), arrays and primitives are copied as they are. Depth and array limits still apply.
 *
 * @example
 * ```ts
 * plainJson(walk, { __type: 'ColumnSet:http://…', AllColumns: true, Columns: [] }); // { AllColumns: true, Columns: [] }
 * ```
 */
export function plainJson(walk: JsonWalk, value: unknown): GenericValue {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'string') return walk.string(value) as string;
    return value as GenericValue;
  }
  walk.enter(1);
  let out: GenericValue;
  if (Array.isArray(value)) {
    walk.checkArray(value.length);
    const items: GenericValue[] = new Array<GenericValue>(value.length);
    for (let i = 0; i < value.length; i++) {
      walk.push(i);
      items[i] = plainJson(walk, value[i]);
      walk.pop();
    }
    out = items;
  } else {
    const members: { [key: string]: GenericValue } = {};
    for (const key in value) {
      if (key === TYPE_HINT_MEMBER) continue;
      walk.push(key);
      setMember(members, key, plainJson(walk, (value as Record<string, unknown>)[key]));
      walk.pop();
    }
    out = members;
  }
  walk.leave(1);
  return out;
}
