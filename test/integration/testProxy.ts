// A proxy and a relay on loopback for the proxy integration test, written on node:http and node:net.
// The proxy speaks both ways a client may use it: CONNECT tunnels (what VS Code's fetch sends for
// https and plain http targets alike) and absolute-URL requests (a plain-http forward proxy). It
// records what it was asked for. The relay puts the fake OpenRouter behind 127.0.0.2, loopback still
// but not one of the names (localhost, 127.0.0.1, ::1) that VS Code never sends through a proxy.
import * as http from 'http';
import * as net from 'net';

export interface TestProxy {
  url: string;
  /** "CONNECT host:port" or "GET http://host:port/path", in arrival order. */
  seen: string[];
  close(): Promise<void>;
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function track(sockets: Set<net.Socket>, ...pair: net.Socket[]): void {
  for (const socket of pair) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  }
}

export async function startTestProxy(): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    for (const hop of ['proxy-authorization', 'proxy-connection', 'connection', 'keep-alive']) delete headers[hop];
    // Inside the extension host VS Code patches http.request to send through http.proxy, which is
    // this proxy: the forwarded request would come back here. A request with `socketPath` is left
    // alone by the patch, and Node then connects with `createConnection` (the socket path unused).
    const direct = { socketPath: 'unused', createConnection: () => net.connect(Number(target.port || 80), target.hostname.replace(/^\[|\]$/g, '')) };
    const upstream = http.request({ ...direct, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: net.Socket) => track(sockets, socket));
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = [(req.url ?? '').replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(req.url ?? '')?.[1] ?? 443)];
    const upstream = net.connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(sockets, client, upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, seen, close: closer(server, sockets) };
}

/** A TCP relay on 127.0.0.2 to a port on 127.0.0.1. */
export async function startRelay(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    track(sockets, socket, upstream);
    socket.pipe(upstream);
    upstream.pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: closer(server, sockets) };
}
