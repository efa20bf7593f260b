import { useEffect, useState } from 'react';
import { api, type ApiError } from '../api';
import type { TrackState } from '../api-types';
import { formatHours, formatWeeks } from '../format';
import { asApiError } from '../hooks/use-resource';
import { useTrack } from '../track-context';
import { ErrorBox } from './error-box';
import { ProgressBar } from './progress-bar';

/** The track's title, progress, time left at the learner's pace, and the practice switch. */
export function TrackHeader({ state, view }: { state: TrackState; view: string }) {
  const { id, hoursPerWeek, setHoursPerWeek, state: resource } = useTrack();
  const [hoursText, setHoursText] = useState(String(hoursPerWeek ?? state.estimate.hoursPerWeek));
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  // The switch shows the learner's choice at once; the track's state catches up on reload.
  const [pending, setPending] = useState<boolean>();
  const { estimate, progress } = state;
  // Estimates mean something only where the author gave durations; otherwise say so once.
  const hasDurations = state.nodes.some((node) => node.hours !== null);
  useEffect(() => {
    if (pending === state.practice) setPending(undefined);
  }, [pending, state.practice]);

  const changeHours = (text: string) => {
    setHoursText(text);
    const hours = Number(text);
    if (Number.isFinite(hours) && hours > 0 && hours <= 168) setHoursPerWeek(hours);
  };

  const togglePractice = async (on: boolean) => {
    setBusy(true);
    setError(undefined);
    setPending(on);
    try {
      await api.setPractice(id, on);
      resource.reload();
    } catch (reason) {
      setPending(undefined);
      setError(asApiError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="track-header">
      <div>
        <h1>
          {state.track.title} <span className="muted small">· {view}</span>
        </h1>
        <ProgressBar progress={progress} label="Progress of the track" />
      </div>
      {hasDurations ? (
        <dl className="facts">
          <div>
            <dt>Time left</dt>
            <dd>
              {formatHours(estimate.remaining.expected)} of work, {formatWeeks(estimate.weeks)}
              {estimate.unestimated.length > 0 && <span className="muted small"> (+{estimate.unestimated.length} without estimate)</span>}
            </dd>
          </div>
          <div>
            <dt>Critical path</dt>
            <dd>
              {estimate.criticalPath.nodes.length} nodes, {formatWeeks(estimate.criticalPath.weeks)}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted small">No durations in this track, so no time estimate.</p>
      )}
      <div className="header-controls">
        {hasDurations && (
          <label>
            Hours per week{' '}
            <input type="number" min={1} max={168} step={1} value={hoursText} onChange={(event) => changeHours(event.target.value)} className="narrow" />
          </label>
        )}
        <span>
          <label className="switch">
            <input
              type="checkbox"
              checked={pending ?? state.practice}
              disabled={busy}
              onChange={(event) => togglePractice(event.target.checked)}
              aria-describedby="practice-hint"
            />{' '}
            Practice mode
          </label>{' '}
          <span id="practice-hint" className="muted small">
            (every node opens, so you can try any of them)
          </span>
        </span>
      </div>
      {error && <ErrorBox error={error} />}
    </div>
  );
}
