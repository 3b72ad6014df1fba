import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import type { Diagnostic } from '../diagnostics.js';
import { isInside } from '../util/paths.js';
import { EVENTS_PATH, injectDevTools } from './inject.js';

export interface DevServerOptions {
  /** The development output folder to serve. */
  dir: string;
  /** Address to listen on; 127.0.0.1 keeps drafts off the network. */
  host: string;
  /** First port to try; 0 lets the system choose. */
  port: number;
  /** How many ports to try, counting up from `port`, when one is taken. */
  portAttempts?: number;
  /** Problems of the latest build, shown as an overlay on every page served. */
  problems: () => readonly Diagnostic[];
  /** Told when a port is taken and the next one is tried. */
  onPortTaken?: (port: number, next: number) => void;
}

export interface DevServer {
  /** The address to open, e.g. http://127.0.0.1:4000/. */
  url: string;
  port: number;
  /** Sends a server-sent event to every open page. */
  send(event: 'reload' | 'problems', data: unknown): void;
  /** Ends the event streams and open connections and stops listening. */
  close(): Promise<void>;
}

/** A problem starting the server, worded for the terminal. */
export class DevServerError extends Error {}

/**
 * Serves the development folder over HTTP. Static files go through sirv (in its dev mode, which looks
 * files up on every request, since each rebuild swaps the folder); HTML pages are read here so the
 * live-reload script and the error overlay can be added on the way out.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const dir = path.resolve(options.dir);
  const clients = new Set<http.ServerResponse>();
  const notFound = (req: http.IncomingMessage, res: http.ServerResponse) => sendPage(req, res, path.join(dir, '404.html'), 404, options.problems());
  const assets = sirv(dir, { dev: true, dotfiles: false, onNoMatch: notFound });

  const loopbackOnly = isLoopback(options.host);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (loopbackOnly && !isLoopbackHostHeader(req.headers.host)) {
      // DNS rebinding: a web page elsewhere could point its own name at 127.0.0.1 and read the drafts.
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bulletin watch only answers requests addressed to localhost or 127.0.0.1.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      // Reconnect quickly after a restart of `bulletin watch`.
      res.write('retry: 500\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const page = resolvePage(dir, url.pathname);
    if (page?.redirect) {
      // /2024/05/foo → /2024/05/foo/: the pages' relative links only work from the folder address.
      res.writeHead(301, { Location: page.redirect + url.search }).end();
    } else if (page?.file) {
      sendPage(req, res, page.file, 200, options.problems());
    } else {
      assets(req, res);
    }
  });
  // Event streams would keep the process alive and the browser waiting; a comment every 20 s keeps
  // idle connections from being cut by proxies without holding the process open.
  const heartbeat = setInterval(() => clients.forEach((c) => c.write(': ping\n\n')), 20_000);
  heartbeat.unref();

  let port: number;
  try {
    port = await listen(server, options.host, options.port, options.portAttempts ?? 10, options.onPortTaken);
  } catch (cause) {
    clearInterval(heartbeat);
    throw cause;
  }
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? 'localhost' : shownHost}:${port}/`,
    port,
    send(event, data) {
      const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      clients.forEach((c) => c.write(message));
    },
    async close() {
      clearInterval(heartbeat);
      clients.forEach((c) => c.end());
      clients.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** An HTML page for a URL path: the file to send, or the folder address to redirect to. */
export function resolvePage(dir: string, pathname: string): { file?: string; redirect?: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const abs = path.join(dir, decoded);
  if (!isInside(dir, abs)) return undefined;
  if (decoded.endsWith('/')) return isFile(path.join(abs, 'index.html')) ? { file: path.join(abs, 'index.html') } : undefined;
  if (isFile(path.join(abs, 'index.html'))) return { redirect: `${pathname}/` };
  if (/\.html?$/i.test(abs)) return isFile(abs) ? { file: abs } : undefined;
  return isFile(`${abs}.html`) ? { file: `${abs}.html` } : undefined;
}

function sendPage(req: http.IncomingMessage, res: http.ServerResponse, file: string, status: number, problems: readonly Diagnostic[]): void {
  let html: string;
  try {
    html = fs.readFileSync(file, 'utf8');
  } catch {
    // No 404 page (or the folder is mid-swap): a plain answer still carries the reload script.
    html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Not found</title></head><body><p>Not found.</p></body></html>`;
  }
  const body = Buffer.from(injectDevTools(html, problems));
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The Host header names this computer's loopback address (any port): `localhost`, `127.x.x.x` or `[::1]`. */
function isLoopbackHostHeader(header: string | undefined): boolean {
  if (!header) return false;
  const name = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d+$/, '');
  return isLoopback(name.toLowerCase()) || name.toLowerCase().endsWith('.localhost');
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

async function listen(server: http.Server, host: string, first: number, attempts: number, onTaken?: (port: number, next: number) => void): Promise<number> {
  for (let port = first; ; port++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const last = port >= first + attempts - 1 || first === 0;
      if (code === 'EADDRINUSE' && !last) {
        onTaken?.(port, port + 1);
        continue;
      }
      if (code === 'EADDRINUSE') {
        const which = port === first ? `Port ${port} is` : `Ports ${first} to ${port} are all`;
        throw new DevServerError(`${which} in use. Stop the other server (another bulletin watch?), or choose a free port with --port.`);
      }
      if (code === 'EACCES') throw new DevServerError(`Port ${port} needs administrator rights on this computer. Choose a port above 1023 with --port.`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        throw new DevServerError(`${host} is not an address of this computer. Leave out --host to use 127.0.0.1.`);
      }
      throw cause;
    }
  }
}
