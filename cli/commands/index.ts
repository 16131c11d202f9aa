/** Every CLI command, in the order `--help` lists them. Add a command by importing it here. */
import type { CliCommand } from '../command';
import { decodeCommand } from './decode';
import { sendCommand } from './send';
import { auditCommand } from './audit';
import { devCommand } from './dev';
import { replayCommand } from './replay';
import { routesCommand } from './routes';

export const commands: readonly CliCommand[] = [decodeCommand, sendCommand, auditCommand, devCommand, replayCommand, routesCommand];
