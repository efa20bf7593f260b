import { useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api';
import type { CriterionView, Outcome } from '../api-types';
import type { Answer, Quiz, QuizGrade } from '../record-types';
import { asApiError } from '../hooks/use-resource';
import { ErrorBox } from './error-box';
import { GradedAnswer } from './graded-answer';
import { Loading } from './loading';
import { Markdown } from './markdown';
import { emptyDraft, QuestionField, toAnswer, type Draft } from './question-field';

interface Props {
  track: string;
  node: string;
  criterion: CriterionView;
  onOutcome: (outcome: Outcome) => void;
}

/** A quiz criterion: "Take the quiz" shows every question in one form; submitting grades it. */
export function QuizPanel({ track, node, criterion, onOutcome }: Props) {
  const [quiz, setQuiz] = useState<Quiz>();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [grade, setGrade] = useState<QuizGrade>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await work();
    } catch (reason) {
      setError(asApiError(reason));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const open = async () => {
    const loaded = await run(() => api.quiz(track, node, criterion.id));
    if (!loaded) return;
    setQuiz(loaded);
    setGrade(undefined);
    setDrafts(Object.fromEntries(loaded.questions.map((q) => [q.id, emptyDraft(q)])));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!quiz) return;
    const answers: Record<string, Answer> = {};
    for (const question of quiz.questions) {
      const answer = toAnswer(question, drafts[question.id] ?? emptyDraft(question));
      if (answer !== undefined) answers[question.id] = answer;
    }
    const graded = await run(() => api.submitQuiz(track, node, criterion.id, answers));
    if (!graded) return;
    setGrade(graded);
    onOutcome(graded);
  };

  return (
    <div className="quiz-panel">
      {!quiz && (
        <button type="button" className="primary" onClick={open} disabled={busy}>
          Take the quiz
        </button>
      )}
      {busy && !quiz && <Loading what="Loading the quiz" />}
      {error && <ErrorBox error={error} />}
      {quiz && !grade && (
        <form onSubmit={submit} aria-label={quiz.title ?? 'Quiz'}>
          {quiz.title && <h4>{quiz.title}</h4>}
          {quiz.intro && <Markdown source={quiz.intro} headingOffset={4} />}
          <p className="muted small">
            {quiz.questions.length} question(s); pass with {Math.round(quiz.pass * 100)}%.
          </p>
          {quiz.questions.map((question) => (
            <QuestionField
              key={question.id}
              question={question}
              scope={`quiz-${criterion.id}`}
              value={drafts[question.id] ?? emptyDraft(question)}
              onChange={(value) => setDrafts((all) => ({ ...all, [question.id]: value }))}
              disabled={busy}
            />
          ))}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Grading …' : 'Submit answers'}
          </button>
        </form>
      )}
      {grade && (
        <div className="quiz-result" role="status">
          <p className={`score ${grade.passed ? 'ok' : 'bad'}`}>
            <strong>
              {grade.points} of {grade.total} right ({Math.round(grade.score * 100)}%): {grade.passed ? 'passed' : 'not passed'}
            </strong>{' '}
            <span className="muted">(pass needs {Math.round(grade.pass * 100)}%)</span>
          </p>
          {grade.questions.map((question) => (
            <GradedAnswer key={question.id} {...question} />
          ))}
          {grade.questions.some((q) => !q.correct) && <p className="muted small">Missed questions are now review cards.</p>}
          <button type="button" onClick={open} disabled={busy}>
            Take it again
          </button>
        </div>
      )}
    </div>
  );
}
