import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, type ApiError } from '../api';
import { useAuth } from '../auth';
import { ErrorBox } from '../components/error-box';
import { asApiError } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';

/** Email and password for a team server; back to the page that asked for them once signed in. */
export default function SignInPage() {
  useTitle('Sign in');
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.signIn(email.trim(), password);
      // The sign-in answers the account; `me` adds the cohorts, which decide whether the team pages are offered.
      signedIn(await api.me());
      navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
    } catch (reason) {
      setError(asApiError(reason));
      setBusy(false);
    }
  };

  return (
    <section className="page sign-in">
      <h1>Sign in</h1>
      <p className="muted">This Trailguide server keeps a team's progress. Sign in with the account your mentor or administrator gave you.</p>
      <form className="card sign-in-form" onSubmit={submit}>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error && <ErrorBox error={error} />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in …' : 'Sign in'}
          </button>
        </div>
      </form>
    </section>
  );
}
