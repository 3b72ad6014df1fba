import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';

/** Where the browser listens for rebuilds; a path no bulletin or page can have (pages never start with `__`). */
export const EVENTS_PATH = '/__bulletin/events';
/** The id of the error overlay, for the client script and for tests. */
export const OVERLAY_ID = 'bulletin-dev-overlay';

/**
 * Site paths to reload for the output files a rebuild wrote or removed: `2025/04/beta/index.html` →
 * `/2025/04/beta/`, the search page for its index files. Undefined means every open page: a style
 * sheet, script or image changed, which any page may use. Feeds and data files have no open page.
 */
export function reloadPaths(files: readonly string[] | undefined): string[] | undefined {
  if (files === undefined) return undefined;
  const out = new Set<string>();
  for (const f of files) {
    if (f.startsWith('.bulletin/') || /\.(xml|json|txt)$/.test(f) && !f.startsWith('search/')) continue;
    if (f.startsWith('search/')) out.add('/search/');
    else if (f.endsWith('.html')) out.add(`/${f.replace(/(^|\/)index\.html$/, '$1')}`);
    else return undefined;
  }
  return [...out].sort();
}

/**
 * The live-reload client. A reload event names the pages that changed (or none: all of them); the page
 * reloads when it is one of them. A failed build reloads every page (the overlay is rendered by the
 * server, so the page always shows the state of the latest build), and so does the server coming back
 * from a restart. EventSource reconnects by itself.
 */
const CLIENT = `(()=>{if(!window.EventSource)return;var lost=false,es=new EventSource(${JSON.stringify(EVENTS_PATH)});
es.addEventListener('reload',function(e){var d={};try{d=JSON.parse(e.data)||{}}catch(x){}
var here=decodeURI(location.pathname).replace(/index\.html$/,'');if(!d.paths||d.paths.indexOf(here)>=0)location.reload()});
es.addEventListener('problems',function(){location.reload()});
es.onerror=function(){lost=true};es.onopen=function(){if(lost)location.reload()};
document.addEventListener('click',function(e){var t=e.target;if(t&&t.closest&&t.closest('[data-bulletin-dismiss]')){var o=document.getElementById(${JSON.stringify(OVERLAY_ID)});if(o)o.remove()}});})();`;

const OVERLAY_STYLE =
  'position:fixed;z-index:2147483647;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;' +
  'background:#fff5f5;color:#1a1a1a;border-top:4px solid #c00;font:15px/1.6 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.2)';

/**
 * Adds the live-reload script, and the problems of the latest build as an overlay, to an HTML page as
 * it is served. Build output never contains either, so the development folder stays byte-for-byte a
 * normal build.
 */
export function injectDevTools(html: string, problems: readonly Diagnostic[]): string {
  const snippet = `${renderOverlay(problems)}<script>${CLIENT}</script>\n`;
  const at = html.toLowerCase().lastIndexOf('</body>');
  return at === -1 ? html + snippet : html.slice(0, at) + snippet + html.slice(at);
}

/** The errors of the latest build as a dismissible panel; empty when it built. Warnings stay in the terminal. */
export function renderOverlay(problems: readonly Diagnostic[]): string {
  const errors = problems.filter((d) => d.severity === 'error');
  if (errors.length === 0) return '';
  const items = errors.map((d) => `<li><code style="white-space:pre-wrap">${escapeHtml(formatDiagnostic(d))}</code></li>`).join('');
  const heading = errors.length === 1 ? '1 problem stops the build' : `${errors.length} problems stop the build`;
  return (
    `<aside id="${OVERLAY_ID}" role="alert" lang="en" style="${OVERLAY_STYLE}">` +
    `<button type="button" data-bulletin-dismiss style="float:right;font:inherit">关闭 Close</button>` +
    `<p style="margin:0 0 .5rem;font-weight:bold">网站未能更新 · ${heading}. This page shows the last version that built; fix the file and save to update it.</p>` +
    `<ol style="margin:0;padding-left:1.5rem">${items}</ol></aside>`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
