/**
 * A self-signed X.509 v3 certificate made at run time for `server.tls: true`, so wss:// needs no
 * files, no openssl binary and no extra package: an ECDSA P-256 key from node:crypto, the
 * certificate encoded in DER (RFC 5280) and signed with ECDSA-SHA256.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, boolean, explicit, implicitPrimitive, octetString, oid, sequence, set, smallInteger, time, unsignedInteger, utf8String } from './der.js';

/** How long the certificate is valid; a run never lasts longer than 7 days. */
const VALIDITY_MS = 8 * 24 * 60 * 60 * 1000;
/** Start of validity moved back, so a peer whose clock is a little behind still accepts it. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;
/** The subject and issuer common name; the client checks it on a fetched certificate. */
export const CERTIFICATE_COMMON_NAME = 'ws-soak local test server';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

export interface Certificate {
  /** PEM of the certificate: the server's `cert`, and the `ca` its clients trust. */
  cert: string;
  /** PEM of the private key (PKCS#8). */
  key: string;
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The 4 or 16 bytes of an IP address. */
function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  // IPv6: expand "::" into zero groups, then write eight 16-bit groups.
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const zeros = Array(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = address.includes('::') ? [...headGroups, ...zeros, ...tailGroups] : headGroups;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** subjectAltName: DNS names as [2] IA5String, IP addresses as [7] OCTET STRING. */
function altNames(hosts: readonly string[]): Buffer {
  const names = hosts.map((host) =>
    isIP(host) ? implicitPrimitive(7, ipBytes(host)) : implicitPrimitive(2, Buffer.from(host, 'ascii')),
  );
  return sequence(...names);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** Host names and addresses the certificate names: loopback always, plus `host` when it is a real address. */
export function certificateHosts(host: string): string[] {
  const hosts = ['localhost', '127.0.0.1', '::1'];
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const bare = host.replace(/^\[|\]$/g, '');
  if (!wildcard && !hosts.includes(bare) && /^[A-Za-z0-9.:-]+$/.test(bare)) hosts.push(bare);
  return hosts;
}

/**
 * Makes a key pair and a self-signed certificate for `hosts` (names and IP addresses), valid
 * from an hour ago for 8 days. It is its own issuer (CA:TRUE), so clients trust it by listing it
 * as their `ca`.
 */
export function createSelfSignedCertificate(hosts: readonly string[], now: Date = new Date()): Certificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = sequence(set(sequence(oid(OID.commonName), utf8String(CERTIFICATE_COMMON_NAME))));
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  // A positive serial of at most 20 bytes (RFC 5280 §4.1.2.2).
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(time(new Date(now.getTime() - CLOCK_SKEW_MS)), time(new Date(now.getTime() + VALIDITY_MS))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence(boolean(true))),
        // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 0100, the last 2 bits unused.
        extension(OID.keyUsage, true, bitString(Buffer.from([0x84]), 2)),
        extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
        extension(OID.subjectAltName, false, altNames(hosts)),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, algorithm, bitString(signature));
  return { cert: pem('CERTIFICATE', certificate), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
