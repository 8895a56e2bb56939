// The admin API: relative URLs, X-Admin-Token from sessionStorage, errors as ApiError.
const TOKEN_KEY = 'adminToken';
const listeners = new Set();

export class ApiError extends Error {
    constructor(status, body) {
        super(body?.error?.message || `HTTP ${status}`);
        this.status = status;
        this.code = body?.error?.code;
        this.details = body?.error?.details || [];
    }
}

export const token = {
    get: () => sessionStorage.getItem(TOKEN_KEY) || '',
    set: value => sessionStorage.setItem(TOKEN_KEY, value),
};

/** Called with null when the API answered, else with the reason the connection is lost. */
export function onConnection(listener) {
    listeners.add(listener);
}

function report(problem) {
    listeners.forEach(l => l(problem));
}

export async function api(method, path, body) {
    const headers = {'X-Admin-Token': token.get()};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
        response = await fetch(`api/${path}`, {
            method, headers, cache: 'no-store',
            body: body === undefined ? undefined : JSON.stringify(body),
        });
    } catch (e) {
        report('the balancer does not answer');
        throw new ApiError(0, {error: {message: 'The balancer does not answer'}});
    }
    if (response.status === 401) {
        report('wrong or missing admin token');
    } else if (response.status < 500 || response.status === 503) {
        report(null);
    } else {
        report(`HTTP ${response.status}`);
    }
    const text = await response.text();
    let parsed = null;
    try {
        parsed = text ? JSON.parse(text) : null;
    } catch (e) {
        parsed = null;
    }
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
}

export const get = path => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = path => api('DELETE', path);
