import { useEffect } from 'react';
import { useNavigate } from 'react-router';

/** The keyboard shortcuts, as the help dialog lists them. */
export const SHORTCUTS: { key: string; what: string }[] = [
  { key: 'g', what: 'Graph of the track' },
  { key: 'l', what: 'List of the track' },
  { key: 'r', what: 'Review due cards' },
  { key: 'e', what: 'Experiments' },
  { key: 'j', what: 'Journal' },
  { key: '/', what: 'Focus the list filter' },
  { key: '?', what: 'This help' },
];

const SECTIONS: Record<string, string> = { g: '?view=graph', l: '/list', r: '/review', e: '/experiments', j: '/journal' };

/** The id of the list page's text filter, which `/` focuses. */
export const LIST_FILTER_ID = 'list-filter';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Listens for the single-key shortcuts, except while the learner types in a field. */
export function useShortcuts(track: string | undefined, openHelp: () => void): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (event.key === '?') {
        event.preventDefault();
        openHelp();
        return;
      }
      if (!track) return;
      const base = `/t/${encodeURIComponent(track)}`;
      if (event.key === '/') {
        event.preventDefault();
        const filter = document.getElementById(LIST_FILTER_ID);
        if (filter) filter.focus();
        else navigate(`${base}/list`, { state: { focusFilter: true } });
        return;
      }
      const section = SECTIONS[event.key];
      if (section === undefined) return;
      event.preventDefault();
      navigate(base + section);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [track, openHelp, navigate]);
}
