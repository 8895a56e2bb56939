// Dark/light theme on <html data-theme>, remembered in localStorage.
const KEY = 'theme';

export function initTheme(button) {
    const stored = localStorage.getItem(KEY);
    const preferred = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    apply(stored === 'dark' || stored === 'light' ? stored : preferred, button);
    button.addEventListener('click', () => {
        const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
        localStorage.setItem(KEY, next);
        apply(next, button);
    });
}

function apply(theme, button) {
    document.documentElement.dataset.theme = theme;
    button.textContent = theme === 'dark' ? '☀ Light' : '☾ Dark';
    button.setAttribute('aria-label', `Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`);
}
