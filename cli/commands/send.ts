/**
 * `send [--queue NAME | --topic NAME] [FILE|DIR]...`: sends message files to a real Service Bus queue or topic with
 * exactly the properties Dataverse sets, so `func start` can be exercised end to end.
 */
import { DefaultAzureCredential } from '@azure/identity';
import { ServiceBusClient, type ServiceBusMessage } from '@azure/service-bus';
import type { CliCommand, CliIo } from '../command';
import { parseCommandArgs, USAGE_EXIT_CODE } from '../args';
import { commandSettings } from '../localSettings';
import { bundledSamplesDir } from '../paths';
import { describeConnection, resolveServiceBusTarget, type ServiceBusConnectionSpec } from '../serviceBusTarget';
import { listMessageFiles, messagePropertiesFor, newMessageId, readMessageFile, toServiceBusMessage } from '../sidecar';

const USAGE = `Usage: npm run --silent cli -- send [options] [FILE|DIR]...

Sends Dataverse message bodies to a Service Bus queue or topic with the properties Dataverse sets: the body bytes
as the AMQP data section, contentType, the braced correlationId, a new 32-hex messageId per send, and the claim
application properties (from each body's <file>.props.json sidecar, or derived from the decoded body).
With no FILE, sends the bundled samples.

  --queue NAME        send to this queue (default: DATAVERSE_QUEUE)
  --topic NAME        send to this topic (default: DATAVERSE_TOPIC when no queue is set)
  --connection VALUE  a connection string, or a namespace host name for an Entra ID (az login) connection
                      (default: DATAVERSE_SERVICEBUS or DATAVERSE_SERVICEBUS__fullyQualifiedNamespace)
  --settings FILE     local settings file (default: ./local.settings.json); environment variables win over it
  --repeat N          send each file N times, each with a new messageId, like Dataverse retries (default 1)
  --dry-run           print the messages instead of sending

Works with the Service Bus emulator: --connection "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;"
Exit code: 0 when every message was sent, 1 when a file could not be read or a send failed, 2 for bad usage.`;

/** The part of a Service Bus sender `send` uses. */
export interface MessageSender {
  sendMessages(messages: ServiceBusMessage): Promise<void>;
  close(): Promise<void>;
}

/** The part of `ServiceBusClient` `send` uses. */
export interface MessageSenderClient {
  createSender(queueOrTopicName: string): MessageSender;
  close(): Promise<void>;
}

/** What `send` needs from the outside world. */
export interface SendDependencies {
  /** Opens a client; the default is `@azure/service-bus`'s `ServiceBusClient`. */
  createClient(connection: ServiceBusConnectionSpec): MessageSenderClient;
  /** The environment (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A real Service Bus client for a connection.
 *
 * @example
 * ```ts
 * const client = serviceBusClientFor({ kind: 'connectionString', connectionString: cs, source: '--connection' });
 * ```
 */
export function serviceBusClientFor(connection: ServiceBusConnectionSpec): MessageSenderClient {
  if (connection.kind === 'connectionString') return new ServiceBusClient(connection.connectionString);
  const credential = new DefaultAzureCredential(connection.clientId === undefined ? {} : { managedIdentityClientId: connection.clientId });
  return new ServiceBusClient(connection.fullyQualifiedNamespace, credential);
}

function describeMessage(file: string, message: ServiceBusMessage): string {
  const props = JSON.stringify(message.applicationProperties ?? {});
  return `${file}\n  messageId=${String(message.messageId)} contentType=${message.contentType} correlationId=${String(message.correlationId)} bytes=${(message.body as Buffer).length}\n  applicationProperties=${props}\n`;
}

/**
 * Builds the `send` command around a client factory, so tests can stand in for `@azure/service-bus`.
 *
 * @example
 * ```ts
 * const sent: ServiceBusMessage[] = [];
 * const command = createSendCommand({ createClient: () => ({ createSender: () => ({ sendMessages: async (m) => { sent.push(m); }, close: async () => {} }), close: async () => {} }) });
 * await command.run(['--queue', 'q', '--connection', 'Endpoint=sb://localhost;...', 'samples'], processIo);
 * ```
 */
export function createSendCommand(deps: SendDependencies): CliCommand {
  async function run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseCommandArgs(args, {
      queue: { type: 'string' },
      topic: { type: 'string' },
      connection: { type: 'string' },
      settings: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      'dry-run': { type: 'boolean', default: false },
    }, USAGE, io);
    if (parsed === undefined) return USAGE_EXIT_CODE;
    const { values, positionals } = parsed;
    const repeat = Number(values.repeat);
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) {
      io.stderr('--repeat must be a whole number from 1 to 1000\n');
      return 2;
    }
    const settings = await commandSettings({ ...(values.settings === undefined ? {} : { file: values.settings }), ...(deps.env === undefined ? {} : { env: deps.env }) });
    const target = resolveServiceBusTarget({ connection: values.connection, queue: values.queue, topic: values.topic }, settings);
    if (typeof target === 'string') {
      if (!values['dry-run']) {
        io.stderr(`${target}\n`);
        return 2;
      }
    }
    const files = await listMessageFiles(positionals.length > 0 ? positionals : [bundledSamplesDir()]);
    if (files.length === 0) {
      io.stderr('No message files found\n');
      return 2;
    }

    const messages: { file: string; message: ServiceBusMessage }[] = [];
    let failed = 0;
    for (const file of files) {
      try {
        const messageFile = await readMessageFile(file);
        const properties = messagePropertiesFor(messageFile);
        for (let i = 0; i < repeat; i++) {
          // Dataverse never reuses a message id, not even on a retry of the same operation.
          const messageId = i === 0 ? properties.messageId : newMessageId();
          messages.push({ file, message: toServiceBusMessage(messageFile.body, { ...properties, messageId }) });
        }
      } catch (error) {
        failed++;
        io.stderr(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    if (values['dry-run']) {
      for (const { file, message } of messages) io.stdout(describeMessage(file, message));
      return failed === 0 ? 0 : 1;
    }
    if (typeof target === 'string') return 2;

    io.stdout(`Sending ${messages.length} message(s) to ${target.entityKind} "${target.entity}" at ${describeConnection(target.connection)}\n`);
    const client = deps.createClient(target.connection);
    try {
      const sender = client.createSender(target.entity);
      try {
        for (const { file, message } of messages) {
          try {
            await sender.sendMessages(message);
            io.stdout(`sent  ${file}  messageId=${String(message.messageId)} correlationId=${String(message.correlationId)} ${message.contentType}\n`);
          } catch (error) {
            failed++;
            io.stderr(`failed ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
            // A connection or authorization error fails every later send the same way.
            if (failed >= 3) {
              io.stderr('Stopping after 3 failures\n');
              break;
            }
          }
        }
      } finally {
        await sender.close();
      }
    } finally {
      await client.close();
    }
    return failed === 0 ? 0 : 1;
  }
  return { name: 'send', summary: 'Send message files to a Service Bus queue or topic with the properties Dataverse sets', usage: USAGE, run };
}

/** The `send` command, with the real `@azure/service-bus` client. */
export const sendCommand: CliCommand = createSendCommand({ createClient: serviceBusClientFor });
