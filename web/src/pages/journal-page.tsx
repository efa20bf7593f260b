import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api';
import type { JournalSaved } from '../record-types';
import { ErrorBox } from '../components/error-box';
import { JournalEditor } from '../components/journal-editor';
import { Loading } from '../components/loading';
import { Markdown } from '../components/markdown';
import { UnlockedNotice } from '../components/unlocked-notice';
import { formatDate } from '../format';
import { useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';
import { useTrack } from '../track-context';

/** The journal: entries newest first, one entry read, or a new entry written. */
export default function JournalPage() {
  const { id: track, state } = useTrack();
  const [params, setParams] = useSearchParams();
  const node = params.get('node') ?? undefined;
  const path = params.get('path');
  const writing = params.get('new') === '1';
  useTitle('Journal');
  const list = useResource(() => api.journal(track, node), `${track}/journal/${node ?? ''}`);
  const [saved, setSaved] = useState<JournalSaved>();

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  const onSaved = (result: JournalSaved) => {
    setSaved(result);
    list.reload();
    state.reload();
    go({ new: null, path: result.entry.path });
  };
  const nodes = state.data?.nodes.map((n) => ({ id: n.id, title: n.title })) ?? [];

  return (
    <section className="page">
      <h1>Journal{node && <span className="muted small"> · node {node}</span>}</h1>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => go({ new: writing ? null : '1', path: null })} aria-expanded={writing}>
          {writing ? 'Close the editor' : 'New entry'}
        </button>
        {node && (
          <button type="button" className="link" onClick={() => go({ node: null })}>
            show every entry
          </button>
        )}
      </div>
      {saved?.warning && (
        <p className="warn" role="status">
          {saved.warning}
        </p>
      )}
      {saved && <UnlockedNotice track={track} unlocked={saved.unlocked} />}
      {writing && <JournalEditor track={track} nodes={nodes} initialNode={node} onSaved={onSaved} />}
      <div className="split">
        <nav aria-label="Journal entries" className="entry-list">
          {list.error && <ErrorBox error={list.error} what="The journal" />}
          {list.loading && !list.data && <Loading what="Loading the journal" />}
          {list.data?.entries.length === 0 && <p className="muted">No entries yet.</p>}
          <ul>
            {list.data?.entries.map((entry) => (
              <li key={entry.path}>
                <Link to={`?${new URLSearchParams({ ...(node ? { node } : {}), path: entry.path })}`} aria-current={entry.path === path ? 'true' : undefined}>
                  {entry.title ?? entry.path.replace(/^journal\//, '')}
                </Link>
                <span className="muted small">
                  {formatDate(entry.date)} · {entry.node ?? 'no node'} · {entry.words} words{entry.shared && ' · shared with mentors'}
                </span>
              </li>
            ))}
          </ul>
          {list.data && list.data.problems.length > 0 && <p className="warn small">{list.data.problems.length} file(s) in journal/ could not be read.</p>}
        </nav>
        {path && <EntryView track={track} path={path} />}
      </div>
    </section>
  );
}

function EntryView({ track, path }: { track: string; path: string }) {
  const entry = useResource(() => api.journalEntry(track, path), `${track}/entry/${path}`);
  if (entry.error) return <ErrorBox error={entry.error} what="This entry" />;
  if (!entry.data) return <Loading what="Loading the entry" />;
  const { title, date, node, tags, words, body } = entry.data.entry;
  return (
    <article className="entry" aria-labelledby="entry-title">
      <h2 id="entry-title">{title ?? path}</h2>
      <p className="muted small">
        {formatDate(date)} · {node ? <Link to={`/t/${encodeURIComponent(track)}/n/${encodeURIComponent(node)}`}>{node}</Link> : 'no node'} · {words} words ·{' '}
        <code>{path}</code>
        {tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </p>
      <Markdown source={body} />
    </article>
  );
}
