import { useState } from 'react';
import { Link } from 'react-router';
import { useTeamMode } from '../auth';
import type { CriterionView, Outcome } from '../api-types';
import type { JournalSaved } from '../record-types';
import { criterionState } from '../format';
import { AttestForm } from './attest-form';
import { CheckRunner } from './check-runner';
import type { CheckResult } from '../record-types';
import { JournalEditor } from './journal-editor';
import { QuizPanel } from './quiz-panel';
import { CriterionBadge } from './status-badge';

interface Props {
  track: string;
  node: { id: string; title: string };
  criterion: CriterionView;
  /** For a check: its latest result, shown until it runs again. */
  latest?: CheckResult | undefined;
  /** The node's folder in the workspace (where a result's artifacts are). */
  nodeDir?: string | undefined;
  /** A locked node's criteria are shown read-only: nothing can be recorded on them yet. */
  locked?: boolean;
  onOutcome: (outcome: Outcome) => void;
}

/** One exit criterion: its live state and, inline, the action that satisfies it. */
export function CriterionPanel({ track, node, criterion, latest, nodeDir, locked, onOutcome }: Props) {
  const team = useTeamMode();
  const state = criterionState(criterion.state);
  return (
    <li className={`criterion criterion-${state}`} data-criterion={criterion.id} data-state={state}>
      <div className="criterion-head">
        <CriterionBadge state={state} />
        <span className="criterion-kind">{criterion.kind}</span>
        <h3>{criterion.text || criterion.id}</h3>
      </div>
      <p className="small">{criterion.detail}</p>
      <CriterionEvidence track={track} criterion={criterion} />
      {!locked && <CriterionAction track={track} node={node} criterion={criterion} latest={latest} nodeDir={nodeDir} onOutcome={onOutcome} />}
      {!locked && criterion.kind !== 'review' && (
        <p className="small muted">
          From a terminal: <code>{criterion.action}</code>
          {team && criterion.kind === 'check' && ' (on your machine: a run there is reported, not verified, until the server runs it)'}
        </p>
      )}
    </li>
  );
}

/** What satisfied the criterion (or its latest try), as a link to it; for a skipped check, why it did not run. */
function CriterionEvidence({ track, criterion }: { track: string; criterion: CriterionView }) {
  const base = `/t/${encodeURIComponent(track)}`;
  const { evidence, check } = criterion;
  const skipped = check?.state === 'skipped' && (
    <p className="warn small" data-testid="check-skipped">
      Skipped: {check.reason}. It did not run on this machine, and a skip never counts as a pass.
    </p>
  );
  let shown = null;
  // A run on the learner's own machine in team mode is not on the server: its id is shown without a link.
  if (evidence?.kind === 'run' && evidence.runId && !(criterion.kind === 'check' && evidence.provenance === 'reported'))
    shown = (
      <>
        Run{' '}
        <Link to={`${base}/experiments?run=${encodeURIComponent(evidence.runId)}`} title={evidence.runId}>
          <code>{evidence.runId.slice(-8)}</code>
        </Link>{' '}
        <span className={`tag provenance-${evidence.provenance}`}>{evidence.provenance}</span>
      </>
    );
  else if (evidence?.kind === 'run' && evidence.runId)
    shown = (
      <>
        Run <code title={evidence.runId}>{evidence.runId.slice(-8)}</code> <span className="tag provenance-reported">reported</span>
      </>
    );
  else if (evidence?.kind === 'journal')
    shown = (
      <>
        Journal entry <Link to={`${base}/journal?path=${encodeURIComponent(evidence.path)}`}>{evidence.path}</Link> ({evidence.words} words)
      </>
    );
  if (!shown && !skipped) return null;
  return (
    <>
      {shown && (
        <p className="small" data-testid="criterion-evidence">
          {criterion.state === 'met' ? 'Met by: ' : 'Latest: '}
          {shown}
        </p>
      )}
      {skipped}
    </>
  );
}

function CriterionAction({ track, node, criterion, latest, nodeDir, onOutcome }: Props) {
  const [writing, setWriting] = useState(false);
  const [warning, setWarning] = useState<string | null>(null);
  const base = `/t/${encodeURIComponent(track)}`;
  switch (criterion.kind) {
    case 'attest':
      return criterionState(criterion.state) === 'met' ? null : <AttestForm track={track} node={node.id} criterion={criterion} onOutcome={onOutcome} />;
    case 'journal': {
      const saved = (result: JournalSaved) => {
        setWriting(false);
        setWarning(result.warning);
        onOutcome(result);
      };
      return (
        <div>
          {warning && (
            <p className="warn small" role="status">
              {warning}
            </p>
          )}
          <button type="button" onClick={() => setWriting(!writing)} aria-expanded={writing}>
            {writing ? 'Close the editor' : 'Write a journal entry'}
          </button>{' '}
          <Link to={`${base}/journal?node=${encodeURIComponent(node.id)}`}>Journal of this node</Link>
          {writing && <JournalEditor track={track} nodes={[node]} initialNode={node.id} minWords={criterion.spec?.minWords} onSaved={saved} />}
        </div>
      );
    }
    case 'quiz':
      return <QuizPanel track={track} node={node.id} criterion={criterion} onOutcome={onOutcome} />;
    case 'check':
      return (
        <CheckRunner
          track={track}
          node={node.id}
          criterion={criterion}
          {...(latest ? { latest } : {})}
          {...(nodeDir ? { nodeDir } : {})}
          onOutcome={onOutcome}
        />
      );
    case 'experiment':
      return (
        <p>
          <Link to={`${base}/experiments?node=${encodeURIComponent(node.id)}`}>Experiments of this node</Link>{' '}
          <span className="small muted">(log a run with the command below)</span>
        </p>
      );
    case 'review':
      return <p className="small">A mentor of your cohort signs this off on the team server (team mode); your sign-off then shows here.</p>;
  }
}
