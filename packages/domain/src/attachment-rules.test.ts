import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_SIZE_LIMITS,
  ATTACHMENT_TYPES,
  type AttachmentContentTypeName,
  checkAttachmentContent,
  contentTypeForFile,
  fileNameFitsType,
  isAttachmentContentType,
  MAX_ANY_ATTACHMENT_BYTES,
  maxAttachmentBytes,
  normalizeContentType,
  SNIFF_BYTES,
  sniffContentTypes,
} from './attachment-rules.ts';

const MIB = 1024 * 1024;
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
/** An ISO BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]) =>
  bytes(u32(16 + 4 * compatible.length), 'ftyp', major, [0, 0, 0, 0], ...compatible, u32(8), 'mdat');

/** The first bytes of real files of every allowed type, as phones and scanners write them. */
const SAMPLES: Record<AttachmentContentTypeName, Uint8Array> = {
  'image/jpeg': bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0]),
  'image/png': bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], u32(13), 'IHDR'),
  'image/webp': bytes('RIFF', u32(0x2400), 'WEBPVP8 '),
  'image/heic': ftyp('heic', 'mif1', 'heic'),
  'video/mp4': ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'),
  'video/quicktime': ftyp('qt  ', 'qt  '),
  'audio/mpeg': bytes('ID3', [4, 0, 0, 0, 0, 0x23]),
  'audio/mp4': ftyp('M4A ', 'M4A ', 'mp42', 'isom'),
  'audio/ogg': bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]),
  'audio/wav': bytes('RIFF', u32(0x24), 'WAVEfmt '),
  'application/pdf': bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'),
};

describe('the allow-list', () => {
  it('gives every allowed type a kind, extensions and a limit', () => {
    for (const type of ATTACHMENT_CONTENT_TYPES) {
      expect(isAttachmentContentType(type)).toBe(true);
      expect(ATTACHMENT_TYPES[type].extensions.length).toBeGreaterThan(0);
      expect(maxAttachmentBytes(type)).toBe(ATTACHMENT_SIZE_LIMITS[ATTACHMENT_TYPES[type].kind]);
    }
    expect(Object.keys(ATTACHMENT_TYPES).sort()).toEqual([...ATTACHMENT_CONTENT_TYPES].sort());
  });

  it('refuses types outside the list', () => {
    for (const type of ['application/x-msdownload', 'text/html', 'image/svg+xml', 'video/webm', 'toString'])
      expect(isAttachmentContentType(type)).toBe(false);
  });

  it('limits each kind on its own: photos 10 MB, voice and PDF 20 MB, video 100 MB', () => {
    expect(maxAttachmentBytes('image/jpeg')).toBe(10 * MIB);
    expect(maxAttachmentBytes('audio/ogg')).toBe(20 * MIB);
    expect(maxAttachmentBytes('application/pdf')).toBe(20 * MIB);
    expect(maxAttachmentBytes('video/quicktime')).toBe(100 * MIB);
    expect(MAX_ANY_ATTACHMENT_BYTES).toBe(100 * MIB);
  });

  it("checks a file name's extension against the declared type, case-insensitively", () => {
    expect(fileNameFitsType('çukur.JPG', 'image/jpeg')).toBe(true);
    expect(fileNameFitsType('IMG_0042.HEIC', 'image/heic')).toBe(true);
    expect(fileNameFitsType('ses kaydı.m4a', 'audio/mp4')).toBe(true);
    expect(fileNameFitsType('dilekçe.pdf', 'application/pdf')).toBe(true);
    expect(fileNameFitsType('kurulum.exe', 'image/jpeg')).toBe(false);
    expect(fileNameFitsType('fatura.pdf', 'image/png')).toBe(false);
    // No extension, or a dot file: nothing to contradict the declared type.
    expect(fileNameFitsType('sesli-not', 'audio/ogg')).toBe(true);
    expect(fileNameFitsType('.hidden', 'image/png')).toBe(true);
    expect(fileNameFitsType('trailing.', 'image/png')).toBe(true);
  });
});

describe('content types as browsers report them', () => {
  it('resolves aliases and parameters to the allow-list names', () => {
    expect(normalizeContentType('audio/x-m4a')).toBe('audio/mp4');
    expect(normalizeContentType('IMAGE/JPG')).toBe('image/jpeg');
    expect(normalizeContentType('audio/ogg; codecs=opus')).toBe('audio/ogg');
    expect(normalizeContentType('image/heif')).toBe('image/heic');
    expect(normalizeContentType('application/x-msdownload')).toBe('application/x-msdownload');
  });

  it('falls back to the extension when the browser reports no type or a type we do not know', () => {
    expect(contentTypeForFile('IMG_0042.HEIC', '')).toBe('image/heic');
    expect(contentTypeForFile('kayıt.m4a', 'audio/x-m4a')).toBe('audio/mp4');
    expect(contentTypeForFile('ses.wav', 'audio/x-wav')).toBe('audio/wav');
    expect(contentTypeForFile('dilekçe.pdf', 'application/octet-stream')).toBe('application/pdf');
    expect(contentTypeForFile('kurulum.exe', 'application/x-msdownload')).toBeUndefined();
    expect(contentTypeForFile('adsiz', '')).toBeUndefined();
  });
});

describe('sniffing the stored bytes', () => {
  it.each(ATTACHMENT_CONTENT_TYPES)('recognises %s from its first bytes', (type) => {
    expect(sniffContentTypes(SAMPLES[type])).toContain(type);
  });

  it('tells the two RIFF types apart (WebP photo, WAV voice note)', () => {
    expect(sniffContentTypes(SAMPLES['image/webp'])).toEqual(['image/webp']);
    expect(sniffContentTypes(SAMPLES['audio/wav'])).toEqual(['audio/wav']);
    expect(sniffContentTypes(bytes('RIFF', u32(100), 'AVI LIST'))).toEqual([]);
  });

  it('reads ISO media brands: HEIC, QuickTime, audio-only M4A, and generic MP4 for both MP4 types', () => {
    expect(sniffContentTypes(ftyp('mif1', 'mif1', 'heic'))).toEqual(['image/heic']);
    expect(sniffContentTypes(ftyp('mif1', 'mif1', 'avif'))).toEqual([]);
    expect(sniffContentTypes(ftyp('avif', 'avif', 'mif1'))).toEqual([]);
    expect(sniffContentTypes(SAMPLES['video/quicktime'])).toEqual(['video/quicktime']);
    expect(sniffContentTypes(SAMPLES['audio/mp4'])).toEqual(['audio/mp4']);
    expect(sniffContentTypes(ftyp('mp42', 'mp42', 'isom'))).toEqual(['video/mp4', 'audio/mp4']);
    // An old QuickTime movie without ftyp starts with its movie atom.
    expect(sniffContentTypes(bytes(u32(0x100), 'moov'))).toEqual(['video/quicktime']);
  });

  it('recognises MP3 by its frame sync without an ID3 tag, but not AAC or JPEG', () => {
    expect(sniffContentTypes(bytes([0xff, 0xfb, 0x90, 0x64]))).toEqual(['audio/mpeg']);
    expect(sniffContentTypes(bytes([0xff, 0xf1, 0x50, 0x80]))).toEqual([]); // ADTS AAC
    expect(sniffContentTypes(bytes([0xff, 0xfb, 0xf0, 0x64]))).toEqual([]); // bad bitrate
    expect(sniffContentTypes(SAMPLES['image/jpeg'])).toEqual(['image/jpeg']);
  });

  it('finds a PDF header after leading junk within the first KiB, not beyond', () => {
    const junk = (n: number) => new Array<number>(n).fill(0x20);
    expect(sniffContentTypes(bytes(junk(200), '%PDF-1.4'))).toEqual(['application/pdf']);
    expect(sniffContentTypes(bytes(junk(SNIFF_BYTES), '%PDF-1.4'))).toEqual([]);
  });

  it('recognises nothing in executables, archives, markup or empty input', () => {
    expect(sniffContentTypes(bytes('MZ', [0x90, 0, 3, 0, 0, 0], 'This program'))).toEqual([]);
    expect(sniffContentTypes(bytes([0x7f], 'ELF', [2, 1, 1]))).toEqual([]);
    expect(sniffContentTypes(bytes('PK', [3, 4, 20, 0]))).toEqual([]);
    expect(sniffContentTypes(bytes('<!DOCTYPE html><html>'))).toEqual([]);
    expect(sniffContentTypes(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toEqual([]);
    expect(sniffContentTypes(new Uint8Array())).toEqual([]);
    expect(sniffContentTypes(bytes([0xff]))).toEqual([]);
  });
});

describe('checking a stored file against its declaration', () => {
  it('accepts a file whose bytes carry the declared type within its limit', () => {
    for (const type of ATTACHMENT_CONTENT_TYPES)
      expect(
        checkAttachmentContent({ declaredType: type, sizeBytes: 1000, head: SAMPLES[type] }),
      ).toBeUndefined();
  });

  it('refuses a renamed executable declared as a photo, naming what was found', () => {
    expect(
      checkAttachmentContent({ declaredType: 'image/jpeg', sizeBytes: 4096, head: bytes('MZ', [0x90, 0]) }),
    ).toEqual({ problem: 'type-mismatch', detected: [] });
    expect(
      checkAttachmentContent({
        declaredType: 'image/jpeg',
        sizeBytes: 4096,
        head: SAMPLES['application/pdf'],
      }),
    ).toEqual({ problem: 'type-mismatch', detected: ['application/pdf'] });
  });

  it("refuses a file over its own type's limit and an empty one", () => {
    expect(
      checkAttachmentContent({
        declaredType: 'image/png',
        sizeBytes: 10 * MIB + 1,
        head: SAMPLES['image/png'],
      }),
    ).toEqual({ problem: 'too-large', maxBytes: 10 * MIB });
    expect(
      checkAttachmentContent({
        declaredType: 'video/mp4',
        sizeBytes: 10 * MIB + 1,
        head: SAMPLES['video/mp4'],
      }),
    ).toBeUndefined();
    expect(
      checkAttachmentContent({ declaredType: 'image/png', sizeBytes: 0, head: new Uint8Array() }),
    ).toEqual({
      problem: 'empty',
    });
  });
});
