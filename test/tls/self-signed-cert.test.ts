import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { CERTIFICATE_COMMON_NAME, certificateHosts, createSelfSignedCertificate } from '../../src/tls/self-signed-cert.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = null;
});

/** Opens a wss connection with `options`; resolves with 'open' or the error message. */
function tryConnect(url: string, options: WebSocket.ClientOptions): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('error', (error) => resolve(error.message));
  });
}

describe('createSelfSignedCertificate', () => {
  it('makes a self-signed CA certificate for the given names and addresses, valid now', () => {
    const now = new Date();
    const { cert } = createSelfSignedCertificate(['localhost', '127.0.0.1', '::1'], now);
    const x509 = new X509Certificate(cert);
    expect(x509.subject).toBe(`CN=${CERTIFICATE_COMMON_NAME}`);
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.ca).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('10.0.0.1')).toBeUndefined();
    expect(new Date(x509.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(now.getTime() + 7 * 24 * 3600_000);
  });

  it('serves wss:// that a client trusts with the certificate as ca, and only then', async () => {
    const tls = createSelfSignedCertificate(certificateHosts('127.0.0.1'));
    server = createServer({ key: tls.key, cert: tls.cert });
    new WebSocketServer({ server }).on('connection', (ws) => ws.close());
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    const url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    expect(await tryConnect(url, { ca: tls.cert })).toBe('open');
    expect(await tryConnect(url, {})).toBe('self-signed certificate');
    const other = createSelfSignedCertificate(['127.0.0.1']);
    expect(await tryConnect(url, { ca: other.cert })).toBe('self-signed certificate');
  });
});

describe('certificateHosts', () => {
  it('names loopback always and the listen host when it is a real one', () => {
    expect(certificateHosts('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(certificateHosts('0.0.0.0')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(certificateHosts('box.example')).toEqual(['localhost', '127.0.0.1', '::1', 'box.example']);
    expect(certificateHosts('10.1.2.3')).toContain('10.1.2.3');
  });
});
