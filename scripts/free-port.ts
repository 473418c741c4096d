import net from 'node:net';

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, '127.0.0.1', () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

/** The first free port from `preferred` on, so nothing already running is disturbed. */
export async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 200; port += 1) {
    if (await portFree(port)) return port;
  }
  throw new Error(`no free port in ${preferred}-${preferred + 199}`);
}
