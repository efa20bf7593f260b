import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, onJobEvent, type ApiError } from '../api';
import type { TutorAnswer, TutorLevel, TutorMode } from '../api-types';
import { asApiError } from '../hooks/use-resource';
import { keyed } from '../keys';
import { ErrorBox } from './error-box';
import { Markdown } from './markdown';

const MODES: Array<{ mode: TutorMode; label: string; help: string }> = [
  { mode: 'explain', label: 'Explain', help: 'explain a concept' },
  { mode: 'code', label: 'Code', help: 'a short code example' },
  { mode: 'debug', label: 'Debug', help: 'help with an error or your last failing check' },
  { mode: 'scaffold', label: 'Scaffold', help: 'files and functions to start with' },
  { mode: 'resources', label: 'Resources', help: 'where to read more' },
  { mode: 'quiz', label: 'Quiz me', help: 'a question from the course' },
  { mode: 'hint', label: 'Hint', help: 'the next hint, then guiding questions' },
];

// The levels of Explain, as `trail ask --level` names them; intermediate is the tutor's default.
const LEVELS: Array<{ level: TutorLevel; label: string }> = [
  { level: 'five', label: 'Like I’m five' },
  { level: 'beginner', label: 'Beginner' },
  { level: 'intermediate', label: 'Intermediate' },
  { level: 'expert', label: 'Expert' },
];

interface Turn {
  /** Numbered as asked, for the list's keys. */
  id: number;
  question: string;
  mode: TutorMode;
  /** The level an explanation was asked at. */
  level?: TutorLevel;
  text: string;
  answer?: TutorAnswer;
}

/** The tutor beside a node: modes as buttons, the answer streamed, its sources as links to their nodes. */
export function TutorPanel({ track, node, onChange }: { track: string; node: string; onChange: () => void }) {
  const [mode, setMode] = useState<TutorMode>('explain');
  const [level, setLevel] = useState<TutorLevel>('intermediate');
  const [question, setQuestion] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const source = useRef<EventSource | null>(null);
  const asked = useRef(0);
  useEffect(() => () => source.current?.close(), []);

  const update = (change: (turn: Turn) => Turn) => setTurns((list) => [...list.slice(0, -1), change(list.at(-1)!)]);

  const send = async (chosen: TutorMode) => {
    const text =
      question.trim() ||
      (chosen === 'hint'
        ? 'I am stuck: a hint, please.'
        : chosen === 'quiz'
          ? 'Quiz me.'
          : chosen === 'debug'
            ? 'Why does my check fail?'
            : chosen === 'resources'
              ? 'Where can I read more?'
              : '');
    if (!text) return;
    setMode(chosen);
    setBusy(true);
    setError(undefined);
    const history = turns
      .filter((t) => t.answer)
      .flatMap((t) => [
        { role: 'user' as const, content: t.question },
        { role: 'assistant' as const, content: t.answer!.answer },
      ]);
    const id = ++asked.current;
    // The level only shapes an explanation; other modes ignore it.
    const explainAt = chosen === 'explain' ? { level } : {};
    setTurns((list) => [...list, { id, question: text, mode: chosen, ...explainAt, text: '' }]);
    setQuestion('');
    try {
      const { job } = await api.askTutor(track, { question: text, mode: chosen, ...explainAt, node, history: history.slice(-8) });
      const events = new EventSource(api.jobUrl(job));
      source.current = events;
      // A reconnected stream replays the job from its start: the text starts over.
      events.addEventListener('open', () => update((turn) => ({ ...turn, text: '' })));
      onJobEvent(events, 'text', (data) => update((turn) => ({ ...turn, text: turn.text + data.text })));
      onJobEvent(events, 'answer', (answer) => {
        update((turn) => ({ ...turn, text: answer.answer, answer }));
        events.close();
        setBusy(false);
        // A hint revealed or a guarded reply is recorded: the node page shows it.
        onChange();
      });
      onJobEvent(events, 'failure', (failure) => {
        setError(asApiError(new Error(`${failure.code}: ${failure.message}`)));
        events.close();
        setBusy(false);
      });
    } catch (reason) {
      setError(asApiError(reason));
      setBusy(false);
    }
  };

  const base = `/t/${encodeURIComponent(track)}/n/`;
  return (
    <div className="tutor-panel">
      <div className="tutor-turns" aria-live="polite">
        {turns.length === 0 && <p className="muted small">Ask about this node. Answers cite the course; the tutor gives hints, never the solution.</p>}
        {turns.map((turn) => (
          <div key={turn.id} className="tutor-turn">
            <p className="tutor-question">
              <span className="tag">{turn.level ? `${turn.mode} · ${LEVELS.find((l) => l.level === turn.level)!.label}` : turn.mode}</span> {turn.question}
            </p>
            <div className="tutor-answer" data-testid="tutor-answer">
              {turn.text ? <Markdown source={turn.text} /> : <p className="muted small">Thinking …</p>}
            </div>
            {turn.answer && (
              <p className="muted small">
                {turn.answer.llm ? 'Written by the model from the course.' : 'From the course itself (no model).'}
                {turn.answer.citations.length > 0 && ' Sources: '}
                {keyed(turn.answer.citations, (cite) => `${cite.node}/${cite.kind}/${cite.heading}`).map(([key, cite], j) => (
                  <span key={key}>
                    {j > 0 && ', '}
                    {cite.node ? (
                      <Link to={`${base}${encodeURIComponent(cite.node)}`}>
                        {cite.title} — {cite.heading}
                      </Link>
                    ) : (
                      `${cite.title} — ${cite.heading}`
                    )}
                  </span>
                ))}
              </p>
            )}
          </div>
        ))}
      </div>
      {error && <ErrorBox error={error} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send(mode);
        }}
      >
        <label htmlFor="tutor-question" className="small">
          Your question
        </label>
        <textarea id="tutor-question" rows={3} value={question} onChange={(event) => setQuestion(event.target.value)} disabled={busy} />
        <label className="small tutor-level">
          Explain at{' '}
          <select value={level} onChange={(event) => setLevel(event.target.value as TutorLevel)} disabled={busy}>
            {LEVELS.map((l) => (
              <option key={l.level} value={l.level}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="tutor-modes" aria-label="Tutor modes">
          {MODES.map((m) => (
            <button key={m.mode} type="button" title={m.help} aria-pressed={m.mode === mode} disabled={busy} onClick={() => void send(m.mode)}>
              {m.label}
            </button>
          ))}
        </fieldset>
      </form>
    </div>
  );
}
