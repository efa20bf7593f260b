import { Link, NavLink } from 'react-router';
import { useAuth } from '../auth';
import { useTheme } from '../theme';
import { useOptionalTrack } from '../track-context';

const SECTIONS = [
  // Asked for by name, the graph shows even on a phone (where the track opens as the list).
  { to: '?view=graph', label: 'Graph', key: 'g' },
  { to: '/list', label: 'List', key: 'l' },
  { to: '/review', label: 'Review', key: 'r' },
  { to: '/experiments', label: 'Experiments', key: 'e' },
  { to: '/journal', label: 'Journal', key: 'j' },
];

/** The banner: app name, catalog link, the open track's sections, the team's link and account, theme switch and help. */
export function TopBar({ onHelp }: { onHelp: () => void }) {
  const { theme, toggle } = useTheme();
  const track = useOptionalTrack();
  const base = track ? `/t/${encodeURIComponent(track.id)}` : '';
  const { session, signOut } = useAuth();
  const user = session.kind === 'signed-in' ? session.user : null;
  const mentor = session.kind === 'signed-in' && session.mentor;
  return (
    <header className="top-bar">
      <Link to="/" className="brand">
        Trailguide
      </Link>
      <nav aria-label="Main" className="top-nav">
        <NavLink to="/" end>
          Catalog
        </NavLink>
        {mentor && <NavLink to="/team">Team</NavLink>}
        {track && (
          <>
            <span className="track-name" title={track.state.data?.track.title ?? track.id}>
              {track.state.data?.track.title ?? track.id}
            </span>
            {SECTIONS.map((section) => (
              <NavLink key={section.key} to={base + section.to} end aria-keyshortcuts={section.key}>
                {section.label}
              </NavLink>
            ))}
          </>
        )}
      </nav>
      <div className="top-tools">
        {user && (
          <>
            <span className="account" title={user.email}>
              {user.email}
            </span>
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </>
        )}
        <button type="button" onClick={toggle} aria-pressed={theme === 'dark'} title="Switch between light and dark">
          <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span> Dark mode
        </button>
        <button type="button" onClick={onHelp} aria-keyshortcuts="?" aria-label="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </header>
  );
}
