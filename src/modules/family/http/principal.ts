import { ApplicationError, Principal } from '../../../platform/http';
import type { Actor } from '../infrastructure/family-file.repository';

/** The signed-in guardian's family: it comes from the session, never from the request. */
export function familyOf(principal: Principal): string {
  if (!principal.familyId) throw new ApplicationError('not_found', 'family.not-found', 'Aucune famille n’est rattachée à votre compte.');
  return principal.familyId;
}

/** Who makes a change, as the history records it. */
export function actorOf(principal: Principal): Actor {
  return { accountId: principal.accountId, role: principal.role };
}
