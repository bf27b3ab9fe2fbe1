/**
 * What the worker actually runs on, stated plainly: the backend, its detail and thread count, and
 * every note about what could not be had — a fallback (no WebGPU, no threads without
 * cross-origin isolation) changes speed by multiples and must never pass unseen.
 */
import type { BackendReport } from '../protocol/messages.js';
import type { BackendName } from '../settings.js';
import { element } from './dom.js';
import { BACKEND_LABELS } from './option-labels.js';

export function showBackendReport(container: HTMLElement, report: BackendReport, requested: BackendName): void {
  const notes = [...report.notes];
  if (report.name !== requested) notes.unshift(`Asked for ${BACKEND_LABELS[requested]}; running on ${BACKEND_LABELS[report.name]} instead.`);
  container.dataset.backend = report.name;
  container.dataset.threads = String(report.threads);
  container.classList.toggle('has-notes', notes.length > 0);
  container.replaceChildren(
    element('p', { class: 'backend-summary' }, 'Backend: ', element('strong', {}, report.name), ` · ${report.threads} ${report.threads === 1 ? 'thread' : 'threads'}`),
    element('p', { class: 'backend-detail' }, report.detail),
    ...(notes.length === 0 ? [] : [element('ul', { class: 'backend-notes', 'data-testid': 'backend-notes' }, ...notes.map((note) => element('li', {}, note)))]),
  );
}
