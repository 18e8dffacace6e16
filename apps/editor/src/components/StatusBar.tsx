import type { Status } from '../state/editor-state.js';

export function StatusBar({ status, autosavedAt }: { status: Status; autosavedAt: number | undefined }) {
  return (
    <footer className={`ff-status ff-status-${status.tone}`} data-testid="status">
      <span>{status.text}</span>
      <span className="ff-autosave" data-testid="autosave">
        {autosavedAt ? `autosaved ${new Date(autosavedAt).toLocaleTimeString()}` : ''}
      </span>
    </footer>
  );
}
