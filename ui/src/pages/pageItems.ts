import type { Page } from "../api/types";

/**
 * `page` with `change` applied to every item: shows the result of an action without
 * loading the page again. (An absent page stays absent: there is nothing to change.)
 */
export function changeItems<T>(page: Page<T> | undefined, change: (item: T) => T): Page<T> {
  return (page ? { ...page, items: page.items.map(change) } : page) as Page<T>;
}
