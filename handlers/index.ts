/**
 * Every handler group the app runs, in registration order. Add a `handlers/<entity>.ts` file, then list it here:
 * there is no folder scanning, so the host, the tests and the CLI see exactly this list.
 */
import type { HandlerGroup } from '../shared/routing/registry';
import { accountHandlers } from './account';
import { anyEntityHandlers } from './anyEntity';
import { contactHandlers } from './contact';

export const handlerGroups: readonly HandlerGroup[] = [accountHandlers, contactHandlers, anyEntityHandlers];
