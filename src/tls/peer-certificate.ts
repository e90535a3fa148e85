/**
 * How the client process learns the certificate of a wss:// server when the orchestrator did not
 * hand it over: one TLS handshake without verification right after the server reported ready, then
 * the certificate is pinned as the only `ca` for every real connection (trust on first use). The
 * server is the harness's own child on 127.0.0.1 and is already listening, so nothing else can
 * answer in its place; a certificate that is not self-signed is refused.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { SoakError } from '../errors.js';

/** Longest wait for the server's TLS handshake. */
const FETCH_TIMEOUT_MS = 5_000;

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Fetches the certificate a wss:// server presents and returns it as PEM.
 *
 * @throws SoakError `SOAK_START_FAILED` when the handshake fails, times out, or the certificate is
 *   not self-signed (then it is not one the harness made, and it is not pinned)
 */
export function fetchServerCertificate(url: string, timeoutMs = FETCH_TIMEOUT_MS): Promise<string> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  const fail = (reason: string) =>
    new SoakError('SOAK_START_FAILED', `could not read the TLS certificate of ${url} (${reason}); server.tls needs a server that speaks TLS`);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(port || 443),
      // SNI takes names only, never addresses.
      servername: isIP(host) ? undefined : host,
      // Verification is what this handshake makes possible later; here we only read the certificate.
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(fail(`no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const raw = socket.getPeerCertificate(false).raw;
      socket.destroy();
      if (!raw) return reject(fail('the server sent no certificate'));
      const certificate = new X509Certificate(raw);
      if (!certificate.verify(certificate.publicKey)) return reject(fail('the certificate is not self-signed'));
      resolve(toPem(raw));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // OpenSSL's messages run over several lines; its codes (ERR_SSL_WRONG_VERSION_NUMBER) read better.
      reject(fail(error.code ?? (error.message.split('\n')[0] ?? '').trim()));
    });
  });
}
