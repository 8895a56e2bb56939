// The admin UI's DOM helpers: h() is the one both UIs share (ui-common).
export {h} from '../ui-common/dom.js';

export const $ = (selector, root = document) => root.querySelector(selector);

/** Sets text only when it changed, so a poll does not disturb selection or layout. */
export function setText(el, text) {
    const value = String(text);
    if (el.textContent !== value) el.textContent = value;
}
