import { ApplicationError, Principal } from '../../../platform/http';

/** The signed-in guardian's family: it comes from the session, never from the request. */
export function familyOf(principal: Principal): string {
  if (!principal.familyId) throw new ApplicationError('not_found', 'family.not-found', 'Aucune famille n’est rattachée à votre compte.');
  return principal.familyId;
}
