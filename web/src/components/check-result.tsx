import { api } from '../api';
import type { CheckResult, MetricOutcome } from '../record-types';
import { formatDuration, formatNumber } from '../format';
import { keyed } from '../keys';

const STATUS_TEXT: Record<CheckResult['status'], string> = {
  pass: '✓ Passed',
  fail: '✗ Failed',
  error: '⚠ Could not run',
  timeout: '⏱ Timed out',
  skipped: '⊘ Skipped',
};

// Worded like the test names of docs/checks.md: "last x ≈ 3 ± 0.01", "steps of loss >= 100".
function condition(metric: MetricOutcome): string {
  if (metric.op === 'decreasing') return `${metric.name} decreasing${metric.tolerance ? ` (within ${metric.tolerance})` : ''}`;
  const subject = metric.of === 'length' ? `steps of ${metric.name}` : `${metric.of} ${metric.name}`;
  const tolerance = metric.tolerance !== undefined && metric.op === '≈' ? ` ± ${metric.tolerance}` : '';
  return `${subject} ${metric.op} ${formatNumber(metric.threshold)}${tolerance}`;
}

const SHOWN = 10;

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-30).join('\n');
}

/** A check result: status, message, every failing test and expectation, metric conditions, artifacts, the output's tail. */
export function CheckResultView({ track, result, dir }: { track: string; result: CheckResult; dir: string }) {
  // Every failed expectation — exit code, output, metric, file, test — with what was expected and seen.
  const failing = result.tests.filter((test) => test.status === 'fail' || test.status === 'error');
  // "not isolated: …" means the check asked for no network and the machine could not deny it.
  const leaked = result.network.startsWith('not isolated');
  return (
    <section className={`check-result result-${result.status}`} aria-label="Check result">
      <p>
        <span className={`badge result-badge-${result.status}`}>{STATUS_TEXT[result.status]}</span> {result.message}
      </p>
      <p className="small muted">
        {formatDuration(result.durationMs)} · exit code {result.exitCode ?? 'none'} · {result.tests.filter((t) => t.status === 'pass').length} of{' '}
        {result.tests.length} test(s) passed · network: {result.network}
        {result.limits && ` · limits: ${result.limits}`}
      </p>
      {result.missing && result.missing.length > 0 && (
        <ul aria-label="Missing on this machine">
          {result.missing.map((missing) => (
            <li key={missing.need}>
              needs <code>{missing.need}</code>: {missing.reason}
            </li>
          ))}
        </ul>
      )}
      {failing.length > 0 && (
        <div className="failing-tests">
          <h4>{failing.length === 1 ? 'What failed' : `What failed (${failing.length})`}</h4>
          <ul>
            {keyed(failing.slice(0, SHOWN), (test) => test.name).map(([key, test]) => (
              <li key={key} className="failing-test">
                <strong>{test.name}</strong>
                {test.message && <p>{test.message}</p>}
                {(test.expected !== undefined || test.actual !== undefined) && (
                  <dl className="answer-pair">
                    <dt>Expected</dt>
                    <dd>
                      <code>{test.expected ?? '—'}</code>
                    </dd>
                    <dt>Actual</dt>
                    <dd>
                      <code>{test.actual ?? '—'}</code>
                    </dd>
                  </dl>
                )}
                {test.output && (
                  <details>
                    <summary className="small">Traceback</summary>
                    <pre className="check-output small">{test.output}</pre>
                  </details>
                )}
              </li>
            ))}
          </ul>
          {failing.length > SHOWN && <p className="small muted">… and {failing.length - SHOWN} more, all in the run's result file.</p>}
        </div>
      )}
      {result.status !== 'pass' && result.status !== 'skipped' && (result.stderr.trim() || result.stdout.trim()) && (
        <details>
          <summary className="small">Output of the run (last lines)</summary>
          <pre className="check-output small">{tail(result.stderr.trim() ? result.stderr : result.stdout)}</pre>
        </details>
      )}
      {result.metrics.length > 0 && <p className="small muted">Metric conditions</p>}
      {result.metrics.length > 0 && (
        <ul className="conditions" aria-label="Metric conditions">
          {keyed(result.metrics, condition).map(([key, metric]) => (
            <li key={key} className={metric.ok ? 'ok' : 'bad'}>
              <span aria-hidden="true">{metric.ok ? '✓' : '✗'}</span> <span className="sr-only">{metric.ok ? 'holds:' : 'fails:'}</span>{' '}
              <code>{condition(metric)}</code> — value {metric.value === null ? 'not logged' : formatNumber(metric.value)}
            </li>
          ))}
        </ul>
      )}
      {result.artifacts.length > 0 && (
        <p>
          Artifacts:{' '}
          {result.artifacts.map((artifact, i) => (
            <span key={artifact.path}>
              {i > 0 && ', '}
              <a href={api.fileUrl(track, dir ? `${dir}/${artifact.path}` : artifact.path)} target="_blank" rel="noopener noreferrer">
                {artifact.path}
              </a>{' '}
              <span className="muted small">({artifact.bytes} bytes)</span>
            </span>
          ))}
        </p>
      )}
      {leaked && <p className="small warn">The program could reach the network although the check denies it ({result.network}).</p>}
      {result.truncated && <p className="small muted">The output was longer than what is kept; the middle was left out.</p>}
    </section>
  );
}
