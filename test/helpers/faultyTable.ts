/**
 * Test helper: a real `TableClient` (on Azurite) with Table Storage faults injected on chosen calls. It fakes the
 * service's answers, never our code: the store under test sees exactly what a failing service would send.
 */
import { RestError, type TableClient } from '@azure/data-tables';
import { AuditTableStore } from '../../shared/audit/tableStore';
import type { Settings } from '../../shared/settings';
import { createAuditStore } from '../../shared/audit/tableStore';

type Method = 'createEntity' | 'updateEntity' | 'upsertEntity' | 'getEntity' | 'createTable';
const METHODS: readonly Method[] = ['createEntity', 'updateEntity', 'upsertEntity', 'getEntity', 'createTable'];

/** A fault: which call (by method and an optional test on its first argument), how often, and what the service answers. */
export interface Fault {
  method: Method;
  /** Fail only calls whose entity/partition key matches. */
  when?: (arg: unknown) => boolean;
  /** How many matching calls fail (default 1). */
  times?: number;
  /** Skip this many matching calls first (default 0). */
  after?: number;
  /** HTTP status of the fault (default 503); `'no-etag'` makes the call succeed without an ETag. */
  status?: number | 'no-etag';
  code?: string;
}

/** An audit store whose client fails as `faults` say; `faults` can be changed while the test runs. */
export function faultyStore(settings: Settings, faults: Fault[]): { store: AuditTableStore; faults: Fault[]; calls: string[] } {
  const real = createAuditStore(settings).client;
  const calls: string[] = [];
  const seen = new Map<Fault, number>();
  const proxy = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!METHODS.includes(prop as Method)) return (value as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        calls.push(String(prop));
        const fault = faults.find((f) => f.method === prop && (f.when === undefined || f.when(args[0])));
        if (fault !== undefined) {
          const n = seen.get(fault) ?? 0;
          seen.set(fault, n + 1);
          const after = fault.after ?? 0;
          if (n >= after && n < after + (fault.times ?? 1)) {
            if (fault.status === 'no-etag') {
              const result = (await (value as (...a: unknown[]) => Promise<Record<string, unknown>>).apply(target, args)) ?? {};
              return { ...result, etag: undefined };
            }
            throw new RestError(`injected fault ${fault.status ?? 503}`, { statusCode: fault.status ?? 503, code: fault.code ?? 'ServerBusy' });
          }
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as TableClient;
  return { store: new AuditTableStore(proxy), faults, calls };
}

/** Matches a call whose entity sets `column` (e.g. `Handlers`, `Outcome`). */
export const setting = (column: string, value?: unknown) => (arg: unknown) =>
  typeof arg === 'object' && arg !== null && column in arg && (value === undefined || (arg as Record<string, unknown>)[column] === value);
