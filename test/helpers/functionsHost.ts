/**
 * Test helper: a stand-in for the Node.js worker around the REAL `@azure/functions` library (functions.md §5).
 *
 * The worker injects a module `@azure/functions-core`; the library registers its programming model and the app's
 * functions through it. {@link installFakeFunctionsCore} hands the library a fake of that module, so the registrations
 * and the programming model are captured, and {@link invokeLikeWorker} runs one invocation the way the worker's
 * `InvocationHandler` does: `getInvocationModel` → `getArguments` → `invokeFunction` → `getResponse` (no hooks). The
 * library's own conversion code (RPC typed data → handler arguments, trigger metadata → camelCase) runs unchanged.
 *
 * The core interface is internal (`types-core/index.d.ts` in `Azure/azure-functions-nodejs-library`, not shipped in the
 * npm package): the types below mirror the parts this helper uses, for `@azure/functions` 4.16.5. A test file that
 * installs the fake runs in its own process (vitest `pool: 'forks'`), and must install it before the first `app.*` call.
 */
import Module from 'node:module';
import type { InvocationContext } from '@azure/functions';

/** One value the host sends over gRPC (`RpcTypedData`: exactly one member is set). */
export interface RpcTypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  int?: number | null;
  double?: number | null;
  collectionBytes?: { bytes?: Uint8Array[] | null } | null;
  collectionString?: { string?: string[] | null } | null;
}

/** A binding as registered: the library spreads every trigger option into it (`dataType`, `queueName`, ...). */
export interface RpcBindingInfo {
  type?: string | null;
  direction?: 'in' | 'out' | 'inout' | null;
  dataType?: string | null;
  properties?: Record<string, string> | null;
  [option: string]: unknown;
}

/** What `registerFunction` receives. */
export interface FunctionMetadata {
  name: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

/** The function callback the worker invokes (the app's handler). */
export type FunctionCallback = (...args: unknown[]) => unknown;

type RpcLogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
type RpcLogCategory = 'user' | 'system' | 'customMetric';

interface CoreInvocationContext {
  invocationId: string;
  request: { invocationId: string; functionId: string; inputData: Array<{ name: string; data: RpcTypedData }>; triggerMetadata: Record<string, RpcTypedData> };
  metadata: FunctionMetadata;
  state?: 'preInvocationHooks' | 'postInvocationHooks' | 'invocation';
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
}

interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<{ invocationId?: string | null; outputData?: unknown[] | null; returnValue?: RpcTypedData | null }>;
}

/** The programming model `@azure/functions` registers with `setProgrammingModel`. */
export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreContext: CoreInvocationContext): InvocationModel | Promise<InvocationModel>;
}

/** What the fake core captured. */
export interface FakeFunctionsHost {
  /** Registered functions by name. */
  readonly functions: ReadonlyMap<string, { metadata: FunctionMetadata; callback: FunctionCallback }>;
  /** The programming model the library set (throws if it has not set one yet: nothing was registered). */
  programmingModel(): ProgrammingModel;
  /** Undoes the `require` patch. */
  restore(): void;
}

/**
 * Patches `Module.prototype.require` so that `@azure/functions-core` resolves to a fake that records the programming
 * model and the registrations, as the worker's own `setupCoreModule` does with the real module.
 *
 * @example
 * ```ts
 * const host = installFakeFunctionsCore();
 * await import('../../functions/dataverseQueue.js');
 * host.functions.get('dataverseQueue')?.metadata.bindings;
 * ```
 */
export function installFakeFunctionsCore(): FakeFunctionsHost {
  const functions = new Map<string, { metadata: FunctionMetadata; callback: FunctionCallback }>();
  let model: ProgrammingModel | undefined;
  class Disposable {
    public constructor(private readonly callOnDispose: () => unknown = () => undefined) {}
    public dispose(): void {
      this.callOnDispose();
    }
  }
  const fakeCore = {
    version: '4.0.0',
    hostVersion: '4.1000.0',
    setProgrammingModel: (programmingModel: ProgrammingModel) => void (model = programmingModel),
    getProgrammingModel: () => model,
    registerFunction: (metadata: FunctionMetadata, callback: FunctionCallback) => {
      functions.set(metadata.name, { metadata, callback });
      return new Disposable(() => functions.delete(metadata.name));
    },
    registerHook: () => new Disposable(),
    log: () => undefined,
    Disposable,
  };
  const originalRequire = Module.prototype.require;
  Module.prototype.require = function patched(this: NodeJS.Module, id: string) {
    if (id === '@azure/functions-core') return fakeCore;
    return originalRequire.apply(this, [id]);
  } as NodeJS.Require;
  return {
    functions,
    programmingModel: () => {
      if (model === undefined) throw new Error('@azure/functions has not set its programming model (no function registered yet?)');
      return model;
    },
    restore: () => void (Module.prototype.require = originalRequire),
  };
}

/** The trigger binding of a function: its name (the key the host uses in `inputData`) and its options. */
export function triggerBindingOf(metadata: FunctionMetadata): { name: string; binding: RpcBindingInfo } {
  const found = Object.entries(metadata.bindings).find(([, b]) => typeof b.type === 'string' && /trigger$/i.test(b.type));
  if (found === undefined) throw new Error(`Function ${metadata.name} has no trigger binding`);
  return { name: found[0], binding: found[1] };
}

/** The end of one invocation, as the worker sees it. */
export interface WorkerInvocation {
  /** The `InvocationContext` the library built from the request. */
  context: InvocationContext;
  /** The arguments the handler received, context excluded (the trigger input first). */
  received: unknown[];
  /** The invocation response (`undefined` when the handler threw: the worker then reports a failure, the host abandons). */
  response: Awaited<ReturnType<InvocationModel['getResponse']>> | undefined;
  /** What the handler threw, if anything. */
  error: unknown;
  /** User log lines (`context.log`/`info`/`warn`/...), as `level: message`. */
  logs: string[];
}

let invocationCounter = 0;

/**
 * Invokes a registered function as the worker would for one `InvocationRequest`: the trigger input goes in
 * `inputData` under the trigger binding's name, the trigger metadata as RPC typed data.
 *
 * @example
 * ```ts
 * const run = await invokeLikeWorker(host, 'dataverseQueue', { bytes: body }, hostBindingData(metadata));
 * run.received[0]; // a Buffer
 * ```
 */
export async function invokeLikeWorker(host: FakeFunctionsHost, functionName: string, triggerData: RpcTypedData, triggerMetadata: Record<string, RpcTypedData>): Promise<WorkerInvocation> {
  const registered = host.functions.get(functionName);
  if (registered === undefined) throw new Error(`Function ${functionName} is not registered (registered: ${[...host.functions.keys()].join(', ')})`);
  const { metadata, callback } = registered;
  invocationCounter += 1;
  const invocationId = `00000000-0000-4000-8000-${String(invocationCounter).padStart(12, '0')}`;
  const logs: string[] = [];
  const coreContext: CoreInvocationContext = {
    invocationId,
    request: { invocationId, functionId: metadata.name, inputData: [{ name: triggerBindingOf(metadata).name, data: triggerData }], triggerMetadata },
    metadata: { name: metadata.name, bindings: metadata.bindings },
    log: (level, category, message) => {
      if (category === 'user') logs.push(`${level}: ${message}`);
    },
  };

  const invocationModel = await host.programmingModel().getInvocationModel(coreContext);
  const { context, inputs } = await invocationModel.getArguments();
  let received: unknown[] = [];
  // Observes what the handler receives; the worker's preInvocation hooks may wrap the callback the same way.
  const observed: FunctionCallback = (...args) => {
    received = args.slice(0, -1);
    return callback(...args);
  };
  let result: unknown;
  let error: unknown;
  coreContext.state = 'invocation';
  try {
    result = await invocationModel.invokeFunction(context, inputs, observed);
  } catch (thrown) {
    error = thrown;
  } finally {
    coreContext.state = undefined;
  }
  const response = error === undefined ? await invocationModel.getResponse(context, result) : undefined;
  return { context: context as InvocationContext, received, response, error, logs };
}

/** The delivery facts a test sends, in the camelCase shape of `test/helpers/serviceBusDelivery.ts`. */
export interface DeliveryMetadata {
  messageId: string;
  deliveryCount: number;
  enqueuedTimeUtc: string;
  contentType: string;
  correlationId: string;
  applicationProperties: Record<string, unknown>;
}

/**
 * A single delivery's trigger metadata as the host sends it: the Service Bus extension's PascalCase binding data
 * (`ServiceBusTriggerBindingStrategy.GetBindingData`), each value converted like the host's `ToRpc` — a `string` stays
 * `string`; an `int`, a `DateTime` and the properties dictionary go through `ToRpcDefault` (JSON).
 *
 * @example
 * ```ts
 * hostBindingData({ messageId: 'a1', deliveryCount: 1, ... }).DeliveryCount; // { json: '1' }
 * ```
 */
export function hostBindingData(m: DeliveryMetadata): Record<string, RpcTypedData> {
  return {
    MessageId: { string: m.messageId },
    DeliveryCount: { json: JSON.stringify(m.deliveryCount) },
    EnqueuedTimeUtc: { json: JSON.stringify(m.enqueuedTimeUtc) },
    ContentType: { string: m.contentType },
    CorrelationId: { string: m.correlationId },
    LockToken: { string: '00000000-0000-0000-0000-000000000000' },
    ApplicationProperties: { json: JSON.stringify(m.applicationProperties) },
    UserProperties: { json: JSON.stringify(m.applicationProperties) },
  };
}

/**
 * A batch's (`cardinality: 'many'`) trigger metadata as the host sends it: the same names with an `Array` suffix;
 * `string[]` becomes `collectionString` (the worker declares the TypedDataCollection capability), `int[]`,
 * `DateTime[]` and the dictionaries go through `ToRpcDefault` (JSON).
 *
 * @example
 * ```ts
 * hostBatchBindingData([a, b]).MessageIdArray; // { collectionString: { string: ['a1', 'b2'] } }
 * ```
 */
export function hostBatchBindingData(messages: readonly DeliveryMetadata[]): Record<string, RpcTypedData> {
  const strings = (pick: (m: DeliveryMetadata) => string): RpcTypedData => ({ collectionString: { string: messages.map(pick) } });
  const json = (pick: (m: DeliveryMetadata) => unknown): RpcTypedData => ({ json: JSON.stringify(messages.map(pick)) });
  return {
    MessageIdArray: strings((m) => m.messageId),
    DeliveryCountArray: json((m) => m.deliveryCount),
    EnqueuedTimeUtcArray: json((m) => m.enqueuedTimeUtc),
    ContentTypeArray: strings((m) => m.contentType),
    CorrelationIdArray: strings((m) => m.correlationId),
    LockTokenArray: strings(() => '00000000-0000-0000-0000-000000000000'),
    ApplicationPropertiesArray: json((m) => m.applicationProperties),
    UserPropertiesArray: json((m) => m.applicationProperties),
  };
}
