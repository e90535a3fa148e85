import { describe, expect, it } from 'vitest';
import { bitString, oid, sequence, time, tlv, unsignedInteger } from '../../src/tls/der.js';

const hex = (b: Buffer) => b.toString('hex');

describe('DER encoding', () => {
  it('encodes object identifiers in base 128', () => {
    // rsaEncryption's arc and ecdsa-with-SHA256, as X.690 and RFC 5758 spell them.
    expect(hex(oid('1.2.840.113549'))).toBe('06062a864886f70d');
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(oid('2.5.29.17'))).toBe('0603551d11');
  });

  it('uses the short length form below 128 bytes and the long form above', () => {
    expect(hex(tlv(0x04, Buffer.alloc(127)).subarray(0, 2))).toBe('047f');
    expect(hex(tlv(0x04, Buffer.alloc(128)).subarray(0, 3))).toBe('048180');
    expect(hex(tlv(0x04, Buffer.alloc(300)).subarray(0, 4))).toBe('0482012c');
  });

  it('keeps integers positive and minimal', () => {
    expect(hex(unsignedInteger(Buffer.from([0x80])))).toBe('02020080');
    expect(hex(unsignedInteger(Buffer.from([0x00, 0x00, 0x05])))).toBe('020105');
    expect(hex(unsignedInteger(Buffer.from([0x00])))).toBe('020100');
  });

  it('writes UTCTime before 2050 and GeneralizedTime from 2050', () => {
    expect(time(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))).toString('latin1')).toBe('\x17\x0d260102030405Z');
    expect(time(new Date(Date.UTC(2051, 11, 31, 23, 59, 59))).toString('latin1')).toBe('\x18\x0f20511231235959Z');
  });

  it('prefixes bit strings with their unused bit count and nests sequences', () => {
    expect(hex(bitString(Buffer.from([0x84]), 2))).toBe('03020284');
    expect(hex(sequence(Buffer.from('0500', 'hex')))).toBe('30020500');
  });
});
