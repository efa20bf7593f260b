import { useState } from 'react';
import { useTeamMode } from '../auth';

// vscode://file/ takes an absolute path; other editors register their own schemes.
const editorUrl = (path: string) => `vscode://file${path.startsWith('/') ? '' : '/'}${path.split('/').map(encodeURIComponent).join('/')}`;

function Copy({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="link small"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setDone(true));
      }}
    >
      {done ? 'copied' : 'copy'}
    </button>
  );
}

/** Where the learner's code for this node is: the folder (copyable, and a `cd` for the terminal) and its files, each openable in an editor. */
export function NodeFiles({ where }: { where: { workspace: string; folder: string; files: string[] } }) {
  const team = useTeamMode();
  const folder = `${where.workspace}/${where.folder}`;
  const cd = `cd "${where.workspace}"`;
  // On a team server the learner's code is on their own machine: the server's copy is no place to edit.
  if (team)
    return (
      <section aria-labelledby="your-files">
        <h2 id="your-files">Your files</h2>
        <p>
          Write this node's code on your own machine, in the folder <code>{where.folder}</code> of your workspace
          {where.files.length > 0 && (
            <>
              {' '}
              (it starts with{' '}
              {where.files.map((file, at) => (
                <span key={file}>
                  {at > 0 && ', '}
                  <code>{file}</code>
                </span>
              ))}
              )
            </>
          )}
          . To have a check verified, choose those files at the check below: the team's server runs it on them.
        </p>
      </section>
    );
  return (
    <section aria-labelledby="your-files">
      <h2 id="your-files">Your files</h2>
      <p>
        Your code for this node is in <code data-testid="node-folder">{folder}</code> <Copy text={folder} label="Copy the folder's path" />
      </p>
      {where.files.length > 0 && (
        <ul className="node-files">
          {where.files.map((file) => (
            <li key={file}>
              <code>{file}</code> <a href={editorUrl(`${folder}/${file}`)}>open in VS Code</a>{' '}
              <Copy text={`${folder}/${file}`} label={`Copy the path of ${file}`} />
            </li>
          ))}
        </ul>
      )}
      <p className="small muted">
        The commands on this page work from the workspace folder: <code>{cd}</code> <Copy text={cd} label="Copy the cd command" />. Or open a file in your own
        editor: <code>$EDITOR "{folder}/…"</code>.
      </p>
    </section>
  );
}
