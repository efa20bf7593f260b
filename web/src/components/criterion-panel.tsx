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
