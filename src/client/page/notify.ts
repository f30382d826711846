/** System notifications for a person who is looking at another tab or window. */

/**
 * Shows a notification when the page is hidden and the person allowed them (asked at sign-in);
 * clicking it brings the page forward. Returns it, so the caller can close it early.
 */
export function notifyIfHidden(title: string, body: string, options: { tag: string; requireInteraction?: boolean }): Notification | undefined {
  if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') return undefined;
  const notification = new Notification(title, { body, ...options });
  notification.onclick = () => window.focus();
  return notification;
}
