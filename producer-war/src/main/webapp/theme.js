import { $ } from './dom.js';

/** Dark or light: the choice is kept; without one the system's preference holds. */
const KEY = 'llmlb.producer.theme';
const listeners = [];

function apply(theme) {
    document.documentElement.dataset.theme = theme;
    $('theme').textContent = theme === 'dark' ? 'Light' : 'Dark';
    $('theme').setAttribute('aria-pressed', String(theme === 'dark'));
    listeners.forEach(f => f(theme));
}

/** `f` runs after every switch (the charts redraw in the theme's colours). */
export const onTheme = f => listeners.push(f);

$('theme').addEventListener('click', () => {
    const theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, theme);
    apply(theme);
});
apply(localStorage.getItem(KEY) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
