/**
 * Service Bus queue trigger for Dataverse messages (on when DATAVERSE_QUEUE is set). Wiring only.
 */
import { app, type ServiceBusQueueFunctionOptions } from '@azure/functions';
import { handlerGroups } from '../handlers';
import { createListener } from '../shared/pipeline/listener';
import { queueTriggerPlan } from '../shared/pipeline/registration';
import { createServiceBusHandler } from '../shared/pipeline/serviceBusHandler';
import { loadSettings } from '../shared/settings';

/** What the host calls for each delivery (exported for tests and the dev runner). */
export const dataverseQueueHandler = createServiceBusHandler(() => createListener(loadSettings(process.env), handlerGroups));

const plan = queueTriggerPlan(process.env);
if (plan.register) {
  // `dataType: 'binary'` is not in the TS types, but the runtime passes it to the host: bodies arrive as Buffers.
  app.serviceBusQueue(plan.name, { ...plan.options, handler: dataverseQueueHandler } as ServiceBusQueueFunctionOptions);
} else {
  console.warn(plan.why);
}
