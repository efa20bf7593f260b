import { formatAnswer } from '../format';
import { Markdown } from './markdown';

interface Props {
  prompt: string;
  correct: boolean;
  given: unknown;
  expected: unknown;
  explanation: string | null;
}

/** How one answer was graded: right or wrong (in words and symbol), the answers, the explanation. */
export function GradedAnswer({ prompt, correct, given, expected, explanation }: Props) {
  return (
    <div className={`graded ${correct ? 'right' : 'wrong'}`}>
      <p>
        <strong className="verdict">
          <span aria-hidden="true">{correct ? '✓' : '✗'}</span> {correct ? 'Right' : 'Wrong'}
        </strong>{' '}
        — {prompt}
      </p>
      <dl className="answer-pair">
        <dt>Your answer</dt>
        <dd>{formatAnswer(given)}</dd>
        {!correct && (
          <>
            <dt>The answer</dt>
            <dd>{formatAnswer(expected)}</dd>
          </>
        )}
      </dl>
      {explanation && <Markdown source={explanation} className="explanation" headingOffset={4} />}
    </div>
  );
}
