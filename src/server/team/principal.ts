import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../../team/accounts.js';
import { HttpError } from '../http-error.js';

// The person a request is made by, for the code it runs (the per-user library reads it).
const requests = new AsyncLocalStorage<Principal>();

/** Runs the rest of a request as `who`. */
export function runAs<T>(who: Principal, work: () => T): T {
  return requests.run(who, work);
}

/** The signed-in person of the request being served; 401 outside a signed-in request. */
export function currentPrincipal(): Principal {
  const who = requests.getStore();
  if (!who) throw new HttpError(401, 'NOT_SIGNED_IN', 'sign in first', 'POST /api/auth/login with { email, password }');
  return who;
}
