// The Load Producer's DOM helpers: h() is the one both UIs share (ui-common).
export {h} from './ui-common/dom.js';

export const $ = id => document.getElementById(id);
