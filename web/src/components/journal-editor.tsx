import { useDeferredValue, useId, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api';
import { useTeamMode } from '../auth';
import type { JournalSaved } from '../record-types';
import { countWords } from '../format';
import { asApiError } from '../hooks/use-resource';
import { ErrorBox } from './error-box';
import { Markdown } from './markdown';

interface Props {
  track: string;
  /** The nodes to pick from; the entry may also belong to no node. */
  nodes: { id: string; title: string }[];
  initialNode?: string;
  /** Words the node's journal criterion asks for, when there is one. */
  minWords?: number;
  onSaved: (saved: JournalSaved) => void;
}

/** A new journal entry: node, title, tags and Markdown body with a live (sanitized) preview. */
export function JournalEditor({ track, nodes, initialNode = '', minWords, onSaved }: Props) {
  const id = useId();
  const [node, setNode] = useState(initialNode);
  const [title, setTitle] = useState('');
  const [tags, setTags] = useState('');
  // Only a team server has mentors to share with; entries stay private unless the learner ticks this.
  const team = useTeamMode();
  const [shared, setShared] = useState(false);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  // The preview renders Markdown; deferring it keeps typing smooth in long entries.
  const preview = useDeferredValue(body);
  const words = countWords(body);

  const save = async (allowShort: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const tagList = tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
      const saved = await api.addJournal(track, {
        body,
        ...(node ? { node } : {}),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(tagList.length ? { tags: tagList } : {}),
        ...(team && shared ? { shared: true } : {}),
        ...(allowShort ? { allowShort } : {}),
      });
      setTitle('');
      setTags('');
      setBody('');
      setShared(false);
      onSaved(saved);
    } catch (reason) {
      setError(asApiError(reason));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(false);
  };

  return (
    <form className="journal-editor" onSubmit={submit} aria-label="New journal entry">
      <div className="field-row">
        <label>
          Node{' '}
          <select value={node} onChange={(event) => setNode(event.target.value)}>
            <option value="">(no node)</option>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Title <input type="text" value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <label>
          Tags <input type="text" value={tags} placeholder="comma, separated" onChange={(event) => setTags(event.target.value)} />
        </label>
      </div>
      <div className="editor-split">
        <div>
          <label htmlFor={`${id}-body`}>Entry (Markdown)</label>
          <textarea id={`${id}-body`} rows={12} value={body} onChange={(event) => setBody(event.target.value)} aria-describedby={`${id}-words`} />
          <p id={`${id}-words`} className={`small ${minWords !== undefined && words < minWords ? 'muted' : 'ok'}`}>
            {words} word{words === 1 ? '' : 's'}
            {minWords !== undefined && ` of at least ${minWords}`}
          </p>
        </div>
        <section className="preview" aria-label="Preview">
          <p className="small muted">Preview</p>
          {preview.trim() ? <Markdown source={preview} /> : <p className="muted">Nothing written yet.</p>}
        </section>
      </div>
      {team && (
        <p>
          <label className="inline">
            <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} /> Share with my mentors
          </label>
          <span className="muted small">Your mentors see your progress; they read an entry only when you share it.</span>
        </p>
      )}
      {error && <ErrorBox error={error} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !body.trim()}>
          {busy ? 'Saving …' : 'Save entry'}
        </button>
        {error?.code === 'ENTRY_TOO_SHORT' && body.trim() && (
          <button type="button" disabled={busy} onClick={() => void save(true)}>
            Keep it as a short note
          </button>
        )}
      </div>
    </form>
  );
}
