// Types for the <severity-triage> element and window.severityTriage, shipped beside severity-triage.js.

/** Values the widget starts from, by the policy's ids. Unknown ids are skipped with a console warning. */
export interface TriagePrefill {
  request_type?: string;
  /** Question id → option id. */
  answers?: Record<string, string>;
  /** A level id, as the person's starting choice. */
  level?: string;
  summary?: string;
  justification?: string;
  /** Detail field id → text, for policies with detail fields. */
  details?: Record<string, string>;
}

export interface TriageOpenOptions {
  /** Added to the ticket's context (shown, removable), by context item id: product_version, account_id,
   *  user_name, user_email (or a gathered item other than time_zone and language, to replace it);
   *  other keys are ignored with a warning. */
  context?: Record<string, string | number | boolean>;
  prefill?: TriagePrefill;
  /** Shorthand for prefill.level. */
  level?: string;
}

export interface TriageStepDetail { step: 'type' | 'severity' | 'details' | 'review'; n: number; total: number }
export interface TriageSubmittedDetail { id: string; reference: string; level: string }
export interface TriageErrorDetail { kind: 'policy' | 'endpoint' | 'send' | 'load' | 'crash'; message: string; id?: string }
export interface TriageOpenDetail { mode: 'launcher' | 'inline' }

export interface SeverityTriageEventMap extends HTMLElementEventMap {
  'triage-open': CustomEvent<TriageOpenDetail>;
  'triage-step': CustomEvent<TriageStepDetail>;
  'triage-submitted': CustomEvent<TriageSubmittedDetail>;
  'triage-error': CustomEvent<TriageErrorDetail>;
}

/** The `load` attribute: when a launcher fetches the rest of the widget (wasm, JS glue, widget.css, policy).
 *  `idle` (default): when the browser is idle, or on the first hover, focus or click of the button;
 *  `interaction`: only on that hover, focus or click; `eager`: at once. Inline mode and `open()` fetch at once. */
export type TriageLoad = 'idle' | 'interaction' | 'eager';

export interface SeverityTriageElement extends HTMLElement {
  /** Opens the dialog (launcher) or brings the panel into view (inline); before the widget is ready, the call
   *  is queued and starts loading it at once. */
  open(options?: TriageOpenOptions): void;
  close(): void;
  addEventListener<K extends keyof SeverityTriageEventMap>(
    type: K, listener: (this: SeverityTriageElement, ev: SeverityTriageEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap { 'severity-triage': SeverityTriageElement }
  interface Window {
    severityTriage: {
      /** Opens the first <severity-triage> (or the one `selector` matches) and returns it. */
      open(options?: TriageOpenOptions, selector?: string): SeverityTriageElement;
      close(selector?: string): void;
    };
  }
}
