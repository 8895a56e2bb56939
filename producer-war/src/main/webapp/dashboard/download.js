/** Client-side download; the last blob URL stays readable in body[data-last-download] for a minute. */
export function download(filename, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    document.body.dataset.lastDownload = url;
    setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export function csv(rows, columns) {
    const cell = v => {
        const s = v === undefined || v === null ? '' : String(v);
        return /[",\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
    };
    return [columns.join(','), ...rows.map(r => columns.map(c => cell(r[c])).join(','))].join('\n') + '\n';
}

export const stamp = () => new Date().toISOString().replaceAll(':', '-').slice(0, 19);
