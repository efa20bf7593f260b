import type { Progress } from '../api-types';

/** Done (and skipped) nodes out of all, as a labelled progress bar and in words. */
export function ProgressBar({ progress, label }: { progress: Progress; label: string }) {
  const finished = progress.done + progress.skipped;
  return (
    <div className="progress">
      <progress value={finished} max={Math.max(progress.total, 1)} aria-label={label} />
      <span className="small">
        {progress.done} of {progress.total} done{progress.skipped > 0 && `, ${progress.skipped} skipped`}
      </span>
    </div>
  );
}
