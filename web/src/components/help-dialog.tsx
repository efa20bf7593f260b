import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../hooks/use-shortcuts';

/** The keyboard shortcuts in a modal dialog (Escape or the button closes it). */
export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="help-dialog" aria-labelledby="help-title" onClose={onClose}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <p className="muted small">They work anywhere except while you type in a field. The section keys need an open track.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Goes to</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(({ key, what }) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* showModal() focuses the dialog's first control: this button. */}
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
