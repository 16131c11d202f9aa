/**
 * Service Bus queue trigger for Dataverse messages (on when DATAVERSE_QUEUE is set). Wiring only.
 */
import { app, type ServiceBusQueueFunctionOptions } from '@azure/functions';
import { handlerGroups } from '../handlers';
import { createListener } from '../shared/pipeline/listener';
import { RouteRegistry } from '../shared/routing/registry';
import { queueTriggerPlan } from '../shared/pipeline/registration';
import { createServiceBusHandler } from '../shared/pipeline/serviceBusHandler';
import { loadSettings } from '../shared/settings';

/**
 * What the host calls for each delivery (exported for tests and the dev runner): the body as bytes plus the Service
 * Bus trigger metadata. It resolves when the message may be completed and throws when it must come back.
 *
 * @example
 * ```ts
 * await dataverseQueueHandler(body, new InvocationContext({ triggerMetadata: { messageId: 'a1b2', deliveryCount: 1, contentType: 'application/msbin1' } }));
 * ```
 */
// A mistake in handlers/ (two handlers with one name, an unknown stage) stops the app when it loads, before any
// message is taken, rather than failing every message.
RouteRegistry.validate(handlerGroups);

export const dataverseQueueHandler = createServiceBusHandler(() => createListener(loadSettings(process.env), handlerGroups));

const plan = queueTriggerPlan(process.env);
if (plan.register) {
  // `dataType: 'binary'` is not in the TS types, but the runtime passes it to the host: bodies arrive as Buffers.
  app.serviceBusQueue(plan.name, { ...plan.options, handler: dataverseQueueHandler } as ServiceBusQueueFunctionOptions);
} else {
  console.warn(plan.why);
}
