import { useEffect, useRef, useState } from 'react';
import { api, ApiError, onJobEvent, type UploadedFile } from '../api';
import { useTeamMode } from '../auth';
import type { JobEvents } from '../api-types';
import type { CriterionView, Outcome } from '../api-types';
import type { CheckResult } from '../record-types';
import { asApiError } from '../hooks/use-resource';
import { CheckResultView } from './check-result';
import { ErrorBox } from './error-box';

interface Props {
  track: string;
  node: string;
  /** The node's folder in the workspace, where a result's artifacts are. */
  nodeDir?: string;
  criterion: CriterionView;
  /** The check's latest result, shown until the learner runs it again. */
  latest?: CheckResult;
  onOutcome: (outcome: Outcome) => void;
}

// Enough of a long output to read its end; the full streams are kept in the run's result.
const MAX_OUTPUT = 200_000;

type Phase = 'idle' | 'running' | 'finished';

// A file as a team server takes it: its name in the node folder, its bytes in base64.
async function uploaded(file: File): Promise<UploadedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return { path: file.name, content: btoa(binary) };
}

/**
 * A check criterion: "Run check" starts it and streams the program's output, then shows the result.
 * On a team server the learner first chooses the files of their node folder: they are uploaded,
 * and the team's workers run the check on them (the result is verified).
 */
export function CheckRunner({ track, node, nodeDir, criterion, latest, onOutcome }: Props) {
  const team = useTeamMode();
  const [files, setFiles] = useState<File[]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [command, setCommand] = useState<string>();
  const [output, setOutput] = useState('');
  const [result, setResult] = useState<CheckResult>();
  // Artifact paths in a result are relative to the node's folder in the workspace.
  const [dir, setDir] = useState('');
  const [error, setError] = useState<ApiError>();
  const [started, setStarted] = useState(0);
  const [now, setNow] = useState(0);
  const source = useRef<EventSource | null>(null);

  useEffect(() => () => source.current?.close(), []);
  useEffect(() => {
    if (phase !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [phase]);

  const finish = () => {
    source.current?.close();
    source.current = null;
    setNow(Date.now());
    setPhase('finished');
  };

  const run = async () => {
    setPhase('running');
    setOutput('');
    setResult(undefined);
    setError(undefined);
    setCommand(undefined);
    setStarted(Date.now());
    setNow(Date.now());
    let job: string;
    try {
      ({ job } = await api.startCheck(track, node, criterion.id, team ? await Promise.all(files.map(uploaded)) : undefined));
    } catch (reason) {
      setError(asApiError(reason));
      setPhase('finished');
      return;
    }
    const events = new EventSource(api.jobUrl(job));
    source.current = events;
    const on = <E extends keyof JobEvents>(name: E, handle: (data: JobEvents[E]) => void) => onJobEvent(events, name, handle);
    // A reconnected stream replays the job from its start, so the output starts over too.
    on('start', (data) => {
      setCommand(data.command);
      setOutput('');
    });
    on('output', (data) => setOutput((text) => (text + data.text).slice(-MAX_OUTPUT)));
    on('result', (data) => {
      setResult(data.result);
      setDir(data.dir);
    });
    on('done', (data) => {
      finish();
      // A team server's job ends with the verified run; what it changed is read again with the page.
      onOutcome('node' in data ? data : { node: null, unlocked: [] });
    });
    on('failure', (data) => {
      finish();
      setError(new ApiError(0, data.code, data.message));
    });
    // After a drop EventSource reconnects by itself; it gives up (CLOSED) when the job is gone.
    events.onerror = () => {
      if (events.readyState !== EventSource.CLOSED) return;
      finish();
      setError(new ApiError(0, 'STREAM_LOST', 'The connection to the check was lost.', 'Its result, if any, is in the run list of this node.'));
    };
  };

  const elapsed = ((now - started) / 1000).toFixed(1);
  return (
    <div className="check-runner">
      {team && (
        <p className="small">
          <label>
            The files of your node folder, to be checked by the team's server{' '}
            <input type="file" multiple onChange={(event) => setFiles([...(event.target.files ?? [])])} disabled={phase === 'running'} />
          </label>
        </p>
      )}
      <button type="button" className="primary" onClick={run} disabled={phase === 'running' || (team && files.length === 0)}>
        {phase === 'running' ? 'Running …' : phase === 'finished' || latest ? 'Run check again' : 'Run check'}
      </button>
      {/* The elapsed time shows while it runs; once done, the result gives the run's own duration (one figure, not two). */}
      {phase === 'running' && (
        <p className="small muted" role="timer" aria-live="off">
          {command && (
            <>
              <code>{command}</code> ·{' '}
            </>
          )}
          running for {elapsed} s
        </p>
      )}
      {phase === 'finished' && command && (
        <p className="small muted">
          <code>{command}</code>
        </p>
      )}
      {phase !== 'idle' && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the output scrolls, and a tab stop is how a keyboard reaches it (axe: scrollable-region-focusable).
        <pre className="check-output" data-testid="check-output" role="log" aria-label="Output of the check" tabIndex={0}>
          {output || (phase === 'running' ? 'Waiting for output …' : '(no output)')}
        </pre>
      )}
      {error && <ErrorBox error={error} />}
      {result && <CheckResultView track={track} result={result} dir={dir} />}
      {!result && phase === 'idle' && latest && (
        <div className="latest-result">
          <p className="small muted">Your latest run:</p>
          <CheckResultView track={track} result={latest} dir={nodeDir ?? ''} />
        </div>
      )}
    </div>
  );
}
