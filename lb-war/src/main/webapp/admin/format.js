// Every number the admin UI shows goes through here, so a value reads the same on a node, in the
// footer and in a dialog.

/** A number with a fixed count of decimals; a missing value as 0. */
export function fixed(n, digits = 1) {
    return Number(n ?? 0).toFixed(digits);
}

/** Seconds as whole milliseconds: {@code 0.0423} → "42 ms"; a missing value as "–". */
export function millis(seconds) {
    return seconds === null || seconds === undefined ? '–' : `${Math.round(seconds * 1000)} ms`;
}

/** Whole seconds from now until an ISO instant, never negative; null when there is none. */
export function secondsUntil(iso) {
    const at = iso ? Date.parse(iso) : NaN;
    return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** How long ago an ISO instant was: "12 s ago", "3 min ago", "2 h ago"; "" when there is none. */
export function ago(iso) {
    const at = iso ? Date.parse(iso) : NaN;
    if (Number.isNaN(at)) return '';
    const s = Math.max(0, Math.round((Date.now() - at) / 1000));
    return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

/** A share as a whole percentage: {@code (1, 4)} → "25 %". */
export function percent(part, whole) {
    return `${Math.round(100 * part / whole)} %`;
}
