/** The page's elements by id; a missing one is a build mistake, so it fails loudly at start. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

/** A new element with text content. */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** "m:ss" (or "h:mm:ss") for a duration in seconds. */
export function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Stands for the visible part in a translated button name such as "Call {name}". */
export const PLACEHOLDER = '\u0000';

/**
 * Spans for a button whose name is a whole sentence ("Call bob", "bob に発信") but whose visible
 * text is only the name: the rest is there for screen readers, in the language's word order.
 */
export function namedAround(sentence: string, visible: string): HTMLElement[] {
  const [before, after = ''] = sentence.split(PLACEHOLDER);
  return [make('span', before, 'visually-hidden'), make('span', visible), make('span', after, 'visually-hidden')];
}

/** A button with visible `text` and, when the text alone says too little, a fuller `label`. */
export function button(text: string, className: string, label?: string): HTMLButtonElement {
  const element = make('button', text, className);
  element.type = 'button';
  if (label) element.setAttribute('aria-label', label);
  return element;
}

/** How the page shows a moment (voicemail, history): month, day and time of day in `language`. */
export function dateTimeFormat(language: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A `<time>` showing an ISO 8601 moment as `dateTimeFormat` does. */
export function timeOf(iso: string, language: string): HTMLTimeElement {
  const element = make('time', dateTimeFormat(language).format(Date.parse(iso)));
  element.dateTime = iso;
  return element;
}
