import { Principal } from '../../../platform/http';
import type { Actor } from '../infrastructure/family-file.repository';

export { familyOf } from '../../../platform/http';

/** Who makes a change, as the history records it. */
export function actorOf(principal: Principal): Actor {
  return { accountId: principal.accountId, role: principal.role };
}
