import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { fetchServerCertificate } from '../../src/tls/peer-certificate.js';
import { createSelfSignedCertificate } from '../../src/tls/self-signed-cert.js';

const servers: Array<Server | ReturnType<typeof createHttpServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((done) => s.close(() => done()))));
});

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

describe('fetchServerCertificate', () => {
  it('returns the certificate a wss:// server presents', async () => {
    const tls = createSelfSignedCertificate(['127.0.0.1']);
    const port = await listen(createServer({ key: tls.key, cert: tls.cert }));
    expect(await fetchServerCertificate(`wss://127.0.0.1:${port}/`)).toBe(tls.cert);
  });

  it('fails with SOAK_START_FAILED when nothing listens', async () => {
    const port = await listen(createHttpServer());
    await new Promise<void>((done) => servers.pop()?.close(() => done()));
    const error = await fetchServerCertificate(`wss://127.0.0.1:${port}/`, 2000).catch((e: unknown) => e);
    expect((error as SoakError).message).toBe(
      `could not read the TLS certificate of wss://127.0.0.1:${port}/ (ECONNREFUSED); server.tls needs a server that speaks TLS`,
    );
  });

  it('fails with SOAK_START_FAILED when the server does not speak TLS', async () => {
    const port = await listen(createHttpServer());
    const error = await fetchServerCertificate(`wss://127.0.0.1:${port}/`, 2000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoakError);
    expect((error as SoakError).code).toBe('SOAK_START_FAILED');
    expect((error as SoakError).message).toMatch(
      new RegExp(`^could not read the TLS certificate of wss://127\\.0\\.0\\.1:${port}/ \\(ERR_SSL_[A-Z_]+\\); server\\.tls needs a server that speaks TLS$`),
    );
  });
});
