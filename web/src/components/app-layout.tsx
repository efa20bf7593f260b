import { Suspense, useCallback, useState } from 'react';
import { Outlet, useMatch } from 'react-router';
import { useShortcuts } from '../hooks/use-shortcuts';
import { TrackProvider } from '../track-context';
import { HelpDialog } from './help-dialog';
import { Loading } from './loading';
import { TopBar } from './top-bar';

/** Every page's frame: the banner, the main region, the shortcuts and their help. */
export function AppLayout() {
  const track = useMatch('/t/:track/*')?.params.track;
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  useShortcuts(track, openHelp);

  const shell = (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <TopBar onHelp={openHelp} />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="Loading the page" />}>
          <Outlet />
        </Suspense>
      </main>
      <HelpDialog open={help} onClose={() => setHelp(false)} />
    </>
  );
  // Keyed by track: switching tracks starts from a clean state instead of showing the old one.
  return track ? (
    <TrackProvider key={track} id={track}>
      {shell}
    </TrackProvider>
  ) : (
    shell
  );
}
