/**
 * Updates a list in place from keyed items, so a poll that changes nothing moves nothing:
 * focus, a playing message and the scroll position survive every refresh.
 */

/**
 * Makes `list`'s children the items of `keys`, in that order: existing `<li data-key>` are kept
 * (and `update`d), missing ones made by `create`, the rest removed. Items already in order are
 * never moved (moving a node would take the keyboard focus off it).
 */
export function syncList(list: HTMLElement, keys: readonly string[], create: (key: string) => HTMLLIElement, update: (item: HTMLLIElement, key: string) => void): void {
  const wanted = new Set(keys);
  const items = new Map<string, HTMLLIElement>();
  for (const item of [...list.children] as HTMLLIElement[]) {
    const key = item.dataset.key ?? '';
    if (wanted.has(key) && !items.has(key)) items.set(key, item);
    else item.remove();
  }
  let next = list.firstElementChild;
  for (const key of keys) {
    let item = items.get(key);
    if (!item) {
      item = create(key);
      item.dataset.key = key;
    }
    update(item, key);
    if (item === next) next = next.nextElementSibling;
    else list.insertBefore(item, next);
  }
}
