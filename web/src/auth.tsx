import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, whenUnauthorized } from './api';
import { asApiError } from './hooks/use-resource';
import type { Account, Me } from './team-types';

/** The session of a `me` answer: a mentor is one who mentors a cohort, or an admin (who sees them all). */
function sessionOf(me: Me): Session {
  if (!me.user) return { kind: 'personal' };
  const mentor = me.user.role === 'admin' || (me.cohorts ?? []).some((cohort) => cohort.as !== 'learner');
  return { kind: 'signed-in', user: me.user, mentor };
}

/** The address of the sign-in page. */
export const SIGN_IN = '/sign-in';

/**
 * Who uses the app: `personal` on a server without accounts (`trail serve`), `signed-out` or an
 * account on a team server (`trail serve --team`), `unknown` until the server has said which.
 */
export type Session = { kind: 'unknown' } | { kind: 'personal' } | { kind: 'signed-out' } | { kind: 'signed-in'; user: Account; mentor: boolean };

interface AuthValue {
  session: Session;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Asks the server who is signed in, and sends every 401 from the API to the sign-in page. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ kind: 'unknown' });
  const navigate = useNavigate();
  const location = useLocation();

  // Renewed on each change of page, so that the sign-in page can send the user back to where they were.
  useEffect(() => {
    whenUnauthorized(() => {
      setSession({ kind: 'signed-out' });
      if (location.pathname !== SIGN_IN) navigate(SIGN_IN, { replace: true, state: { from: location.pathname + location.search } });
    });
    return () => whenUnauthorized(null);
  }, [location.pathname, location.search, navigate]);

  useEffect(() => {
    api.me().then(
      (me) => setSession(sessionOf(me)),
      (reason: unknown) => {
        const error = asApiError(reason);
        // An older personal server has no such route: nobody signs in there either.
        if (error.routeMissing) setSession({ kind: 'personal' });
        else if (error.status === 401) setSession({ kind: 'signed-out' });
      },
    );
  }, []);

  const signedIn = useCallback((me: Me) => setSession(sessionOf(me)), []);
  const signOut = useCallback(async () => {
    await api.signOut();
    setSession({ kind: 'signed-out' });
    navigate(SIGN_IN, { replace: true });
  }, [navigate]);

  return <AuthContext.Provider value={{ session, signedIn, signOut }}>{children}</AuthContext.Provider>;
}

/** The session and the actions that change it. */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() is used outside the AuthProvider');
  return value;
}

/** True on a team server with someone signed in: checks are uploaded there, and journal entries may be shared. */
export function useTeamMode(): boolean {
  return useAuth().session.kind === 'signed-in';
}
