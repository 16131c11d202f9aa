/**
 * The route registry: handlers keyed on (message name, entity logical name), with arrays and `'*'` wildcards.
 *
 * Precedence: every route whose keys match runs (when its filters pass), in this order:
 *   1. exact message + exact entity,
 *   2. any message (`'*'`) + exact entity,
 *   3. exact message + any entity (`'*'`),
 *   4. `'*'` + `'*'`;
 * within a tier, in registration order (the order of `handlers/index.ts`, then of each file).
 * Message names compare case-insensitively; entity names are logical names (lower-case).
 */
import { relative } from 'node:path';
import type { RemoteExecutionContext } from '../context/model';
import type { DataverseEvent } from './event';
import { RoutingError } from './errors';
import { filterRejection, stageNumbers, validateFilters, type RouteFilters } from './filters';

/** A message name, several, or `'*'` for any. */
export type MessageKey = string | readonly string[];
/** An entity logical name, several, or `'*'` for any. */
export type EntityKey = string | readonly string[];

/** A handler's code: do the work, throw to fail (see `permanentFailure` / `transientFailure`). */
export type HandlerFunction = (event: DataverseEvent) => Promise<void> | void;

/** One handler declaration in a `handlers/<entity>.ts` file. */
export interface HandlerDefinition {
  /** Unique, stable name (it keys the per-handler idempotency record): e.g. `account.notifyOwner`. */
  name: string;
  /** `'Create'`, `['Create', 'Update']`, or `'*'`. */
  message: MessageKey;
  /** Filters; all must pass for the handler to fire. */
  when?: RouteFilters;
  handle: HandlerFunction;
}

/** A group of handlers for one entity (or several, or `'*'`), as exported by a handlers file. */
export interface HandlerGroup {
  readonly entity: EntityKey;
  readonly handlers: readonly HandlerDefinition[];
  /** The file that declared the group (for the route table). */
  readonly file: string;
}

/** A registered route. */
export interface Route {
  readonly name: string;
  readonly messages: readonly string[] | '*';
  readonly entities: readonly string[] | '*';
  readonly filters: RouteFilters;
  readonly handle: HandlerFunction;
  readonly file: string;
  /** 1 (exact/exact) to 4 (`*`/`*`): see the module comment. */
  readonly tier: 1 | 2 | 3 | 4;
  readonly order: number;
}

/** The routes for one context: the ones that fire, and the ones whose keys matched but filters did not. */
export interface Resolution {
  /** Routes whose message and entity keys match, in precedence order. */
  matched: readonly Route[];
  /** Matched routes whose filters pass: the handlers to run. */
  fired: readonly Route[];
  /** Matched routes a filter stopped, with the reason. */
  filtered: readonly { route: Route; reason: string }[];
}

function callerFile(): string {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const line of stack) {
    const match = /\(?((?:[A-Za-z]:)?[^()\s]+?\.[cm]?[jt]s):\d+:\d+\)?\s*$/.exec(line);
    const file = match?.[1]?.replace(/^file:\/\//, '');
    if (file !== undefined && !/shared[\\/]routing[\\/]registry\.[jt]s$/.test(file) && !file.includes('node_modules')) {
      // Show the source file, also when running the compiled output (dist/handlers/x.js → handlers/x.ts).
      return relative(process.cwd(), file).replace(/^dist[\\/](.*)\.js$/, '$1.ts');
    }
  }
  return '(unknown)';
}

function normalizeKey(key: MessageKey | EntityKey, what: string, handler: string, lower: boolean): readonly string[] | '*' {
  const list = typeof key === 'string' ? [key] : [...key];
  if (list.length === 0) throw new RoutingError('INVALID_ROUTE', `Handler "${handler}": ${what} is empty`);
  if (list.includes('*')) return '*';
  return list.map((k) => {
    const t = k.trim();
    if (t === '') throw new RoutingError('INVALID_ROUTE', `Handler "${handler}": a ${what} is blank`);
    return lower ? t.toLowerCase() : t;
  });
}

/**
 * Declares the handlers of one entity (or several, or `'*'`). Export the result from `handlers/<entity>.ts` and list
 * it in `handlers/index.ts`.
 *
 * @example
 * ```ts
 * export const accountHandlers = defineHandlers('account', [
 *   { name: 'account.welcome', message: 'Create', when: { stage: 'PostOperation' }, handle: async (event) => event.log.info(`New account ${event.recordId}`) },
 * ]);
 * ```
 */
export function defineHandlers(entity: EntityKey, handlers: readonly HandlerDefinition[], options: { file?: string } = {}): HandlerGroup {
  return { entity, handlers, file: options.file ?? callerFile() };
}

/**
 * The registry built from handler groups. Validates every declaration (unique names, known stages) when built.
 *
 * @example
 * ```ts
 * const registry = new RouteRegistry(handlerGroups);
 * const { fired } = registry.resolve(context);
 * ```
 */
export class RouteRegistry {
  public readonly routes: readonly Route[];

  /**
   * Checks handler groups as building a registry does; throws the same {@link RoutingError}.
   *
   * @example
   * ```ts
   * RouteRegistry.validate(handlerGroups); // at module load: a duplicate name stops the app, not each message
   * ```
   */
  public static validate(groups: readonly HandlerGroup[]): void {
    void new RouteRegistry(groups);
  }

  public constructor(groups: readonly HandlerGroup[]) {
    const routes: Route[] = [];
    const names = new Set<string>();
    for (const group of groups) {
      for (const def of group.handlers) {
        if (typeof def.name !== 'string' || def.name.trim() === '') throw new RoutingError('INVALID_ROUTE', `A handler in ${group.file} has no name`);
        if (names.has(def.name)) throw new RoutingError('DUPLICATE_HANDLER', `Two handlers are named "${def.name}" (the second in ${group.file}); names must be unique`);
        names.add(def.name);
        const filters = def.when ?? {};
        validateFilters(filters, def.name);
        const messages = normalizeKey(def.message, 'message', def.name, false);
        const entities = normalizeKey(group.entity, 'entity', def.name, true);
        const tier = messages !== '*' ? (entities !== '*' ? 1 : 3) : entities !== '*' ? 2 : 4;
        routes.push({ name: def.name, messages, entities, filters, handle: def.handle, file: group.file, tier, order: routes.length });
      }
    }
    this.routes = routes.sort((a, b) => a.tier - b.tier || a.order - b.order);
  }

  /** The routes for a context, in precedence order. */
  public resolve(context: Pick<RemoteExecutionContext, 'messageName' | 'primaryEntityName'> & RemoteExecutionContext): Resolution {
    const message = context.messageName.toLowerCase();
    const entity = context.primaryEntityName.toLowerCase();
    const matched = this.routes.filter(
      (r) => (r.messages === '*' || r.messages.some((m) => m.toLowerCase() === message)) && (r.entities === '*' || r.entities.includes(entity)),
    );
    const fired: Route[] = [];
    const filtered: { route: Route; reason: string }[] = [];
    for (const route of matched) {
      const reason = filterRejection(route.filters, context);
      if (reason === undefined) fired.push(route);
      else filtered.push({ route, reason });
    }
    return { matched, fired, filtered };
  }

  /**
   * The route table, one row per handler, in precedence order (what `cli routes` prints).
   *
   * @example
   * ```ts
   * registry.table()[0]; // { handler: 'account.welcome', message: 'Create', entity: 'account', stage: '40', ... }
   * ```
   */
  public table(): RouteTableRow[] {
    return this.routes.map((r) => ({
      order: this.routes.indexOf(r) + 1,
      message: r.messages === '*' ? '*' : r.messages.join(','),
      entity: r.entities === '*' ? '*' : r.entities.join(','),
      stage: stageNumbers(r.filters)?.join(',') ?? '*',
      mode: r.filters.mode ?? '*',
      depth: r.filters.depth === undefined ? '*' : `${r.filters.depth.min ?? 1}..${r.filters.depth.max ?? '∞'}`,
      changedAttributes: r.filters.changedAttributes?.join(',') ?? '*',
      notInitiatedBy: r.filters.notInitiatedBy?.join(',') ?? '*',
      handler: r.name,
      file: r.file,
    }));
  }
}

/** One row of {@link RouteRegistry.table}. */
export interface RouteTableRow {
  order: number;
  message: string;
  entity: string;
  stage: string;
  mode: string;
  depth: string;
  changedAttributes: string;
  /** The users whose operations the route ignores (loop prevention), `*` when none. */
  notInitiatedBy: string;
  handler: string;
  file: string;
}
