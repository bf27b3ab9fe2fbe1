/**
 * Where failures are shown: a worker `error` names the command that failed, and stays on screen
 * until dismissed, because a refused setting or a failed load is easy to miss in a status line.
 */
import { element } from './dom.js';

/** Older messages beyond this many are dropped: the newest are the ones that matter. */
const MAX_MESSAGES = 5;

export class MessageArea {
  constructor(private readonly container: HTMLElement) {}

  showError(command: string, message: string): void {
    const dismiss = element('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss' }, '×');
    const text = element('span', {}, element('strong', {}, command), `: ${message}`);
    const item = element('p', { class: 'error', 'data-testid': 'error-message', 'data-command': command }, text, dismiss);
    dismiss.addEventListener('click', () => {
      item.remove();
    });
    this.container.prepend(item);
    while (this.container.children.length > MAX_MESSAGES) this.container.lastElementChild?.remove();
  }
}
