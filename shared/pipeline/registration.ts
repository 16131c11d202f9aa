/**
 * Which Service Bus triggers the app registers, and with what binding options — decided from the app settings so
 * `functions/*.ts` stay pure wiring. A trigger whose settings are absent is not registered (and the plan says why);
 * a trigger whose settings are present validates all settings, so a bad one stops the start-up with its name.
 */
import { loadSettings, SETTING, type SettingsSource } from '../settings';

/** The binding options of a registered trigger (`dataType` is not in the `@azure/functions` types; the runtime passes it). */
export interface TriggerBindingOptions {
  connection: string;
  dataType: 'binary';
  cardinality: 'one' | 'many';
  queueName?: string;
  topicName?: string;
  subscriptionName?: string;
}

/** Register with these options, or do not (and why). */
export type TriggerPlan = { register: true; name: string; options: TriggerBindingOptions } | { register: false; name: string; why: string };

const present = (env: SettingsSource, name: string) => (env[name] ?? '').trim() !== '';

/**
 * The queue trigger's plan: on when `DATAVERSE_QUEUE` is set.
 *
 * @example
 * ```ts
 * queueTriggerPlan({ DATAVERSE_QUEUE: 'dataverse', DATAVERSE_SERVICEBUS: 'Endpoint=sb://...', AUDIT_STORAGE: 'UseDevelopmentStorage=true' });
 * // { register: true, name: 'dataverseQueue', options: { queueName: '%DATAVERSE_QUEUE%', dataType: 'binary', ... } }
 * ```
 */
export function queueTriggerPlan(env: SettingsSource = process.env): TriggerPlan {
  const name = 'dataverseQueue';
  if (!present(env, SETTING.queue)) return { register: false, name, why: `Function ${name} is not registered: app setting ${SETTING.queue} is not set` };
  const settings = loadSettings(env);
  return { register: true, name, options: { connection: settings.serviceBusConnectionName, queueName: `%${SETTING.queue}%`, dataType: 'binary', cardinality: settings.cardinality } };
}

/**
 * The topic trigger's plan: on when `DATAVERSE_TOPIC` and `DATAVERSE_SUBSCRIPTION` are set.
 *
 * @example
 * ```ts
 * topicTriggerPlan({}); // { register: false, why: 'Function dataverseTopic is not registered: ...' }
 * ```
 */
export function topicTriggerPlan(env: SettingsSource = process.env): TriggerPlan {
  const name = 'dataverseTopic';
  if (!present(env, SETTING.topic) && !present(env, SETTING.subscription)) {
    return { register: false, name, why: `Function ${name} is not registered: app settings ${SETTING.topic} and ${SETTING.subscription} are not set` };
  }
  const settings = loadSettings(env); // throws when only one of the two is set
  return {
    register: true,
    name,
    options: { connection: settings.serviceBusConnectionName, topicName: `%${SETTING.topic}%`, subscriptionName: `%${SETTING.subscription}%`, dataType: 'binary', cardinality: settings.cardinality },
  };
}
