/*
 * What a case attachment may be: the allowed types, their size limits, and the
 * check of a stored object's real type from its first bytes (magic numbers). A
 * browser's declared type and a file's extension are the client's claims; the
 * bytes are not. A renamed .exe declared as image/jpeg must never reach a
 * colleague's screen as "a photo". Pure: no I/O, the caller reads the bytes.
 */

/** Every content type a case attachment may have (photo, video, voice, PDF). */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'video/mp4',
  'video/quicktime',
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'audio/wav',
  'application/pdf',
] as const;
export type AttachmentContentTypeName = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** What an attachment is to the people working the case. */
export type AttachmentKind = 'photo' | 'video' | 'voice' | 'document';

const MIB = 1024 * 1024;

/**
 * Size limits per kind. Photos from phones are 2–8 MB; a minute of phone video is
 * 50–100 MB; voice notes and scanned documents stay far below 20 MB.
 */
export const ATTACHMENT_SIZE_LIMITS: Readonly<Record<AttachmentKind, number>> = {
  photo: 10 * MIB,
  video: 100 * MIB,
  voice: 20 * MIB,
  document: 20 * MIB,
};

/** The kind and the usual file-name extensions of each allowed type. */
export const ATTACHMENT_TYPES: Readonly<
  Record<AttachmentContentTypeName, { kind: AttachmentKind; extensions: readonly string[] }>
> = {
  'image/jpeg': { kind: 'photo', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  'image/png': { kind: 'photo', extensions: ['png'] },
  'image/webp': { kind: 'photo', extensions: ['webp'] },
  'image/heic': { kind: 'photo', extensions: ['heic', 'heif'] },
  'video/mp4': { kind: 'video', extensions: ['mp4', 'm4v'] },
  'video/quicktime': { kind: 'video', extensions: ['mov', 'qt'] },
  'audio/mpeg': { kind: 'voice', extensions: ['mp3', 'mpga'] },
  'audio/mp4': { kind: 'voice', extensions: ['m4a', 'mp4'] },
  'audio/ogg': { kind: 'voice', extensions: ['ogg', 'oga', 'opus'] },
  'audio/wav': { kind: 'voice', extensions: ['wav', 'wave'] },
  'application/pdf': { kind: 'document', extensions: ['pdf'] },
};

/** The largest upload any type allows. */
export const MAX_ANY_ATTACHMENT_BYTES = Math.max(...Object.values(ATTACHMENT_SIZE_LIMITS));

/** How many leading bytes {@link sniffContentTypes} needs: a PDF header may start anywhere in the first 1 KiB. */
export const SNIFF_BYTES = 1024;

/** How many files one case may carry: enough for a field team's before/after series. */
export const MAX_ATTACHMENTS_PER_CASE = 50;

export function isAttachmentContentType(value: string): value is AttachmentContentTypeName {
  return Object.hasOwn(ATTACHMENT_TYPES, value);
}

/** Other names browsers and phones give the allowed types. */
const CONTENT_TYPE_ALIASES: Readonly<Record<string, AttachmentContentTypeName>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'video/x-m4v': 'video/mp4',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/opus': 'audio/ogg',
  'application/ogg': 'audio/ogg',
  'application/x-pdf': 'application/pdf',
};

/**
 * A content type as the allow-list names it: lower-cased, without parameters, with
 * common aliases resolved (`audio/x-m4a` → `audio/mp4`, `image/jpg` → `image/jpeg`).
 * Anything else comes back cleaned but otherwise unchanged, for the allow-list to refuse.
 */
export function normalizeContentType(value: string): string {
  const bare = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return CONTENT_TYPE_ALIASES[bare] ?? bare;
}

/**
 * The allowed type of a picked file: the browser's type (aliases resolved) if it is
 * allowed, else the one its extension names. Browsers report an empty type for files
 * they do not know (HEIC photos on Windows, for one). Undefined: not allowed.
 */
export function contentTypeForFile(
  fileName: string,
  browserType = '',
): AttachmentContentTypeName | undefined {
  const declared = normalizeContentType(browserType);
  if (isAttachmentContentType(declared)) return declared;
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const extension = fileName.slice(dot + 1).toLowerCase();
  return ATTACHMENT_CONTENT_TYPES.find((type) => ATTACHMENT_TYPES[type].extensions.includes(extension));
}

/** The kind of an allowed content type. */
export function attachmentKind(contentType: AttachmentContentTypeName): AttachmentKind {
  return ATTACHMENT_TYPES[contentType].kind;
}

/** The largest file allowed for a content type. */
export function maxAttachmentBytes(contentType: AttachmentContentTypeName): number {
  return ATTACHMENT_SIZE_LIMITS[attachmentKind(contentType)];
}

/**
 * Whether a file name fits its declared type: a name with an extension must use
 * one of the type's extensions (`cukur.JPG` for image/jpeg, not `cukur.pdf`); a
 * name without one (as some phones save voice notes) is accepted.
 */
export function fileNameFitsType(fileName: string, contentType: AttachmentContentTypeName): boolean {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0 || dot === fileName.length - 1) return true;
  const extension = fileName.slice(dot + 1).toLowerCase();
  return ATTACHMENT_TYPES[contentType].extensions.includes(extension);
}

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  start + length <= bytes.length ? String.fromCharCode(...bytes.subarray(start, start + length)) : '';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

/** HEIF brands of HEVC-coded images (iPhone photos); AVIF shares the container but not these. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
/** Generic HEIF brands: the compatible brands then say whether the codec is HEVC. */
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);
/** MP4 brands that are audio-only by definition (iTunes audio, audiobooks). */
const MP4_AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
/** QuickTime movies: the `qt  ` brand, or (before ftyp existed) a leading movie atom. */
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'pnot']);

/** Brands of an ISO base media file (`ftyp` box at offset 4): the major brand first, then the compatible ones. */
function isoBrands(bytes: Uint8Array): string[] | undefined {
  if (ascii(bytes, 4, 4) !== 'ftyp') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxSize = bytes.length >= 4 ? view.getUint32(0) : 0;
  const end = Math.min(boxSize, bytes.length);
  const brands = [ascii(bytes, 8, 4)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, 4));
  return brands;
}

function isoMediaTypes(brands: string[]): AttachmentContentTypeName[] {
  const [major = ''] = brands;
  if (HEIC_BRANDS.has(major)) return ['image/heic'];
  if (HEIF_GENERIC_BRANDS.has(major)) return brands.some((b) => HEIC_BRANDS.has(b)) ? ['image/heic'] : [];
  if (major === 'qt  ') return ['video/quicktime'];
  if (MP4_AUDIO_BRANDS.has(major)) return ['audio/mp4'];
  if (major === 'avif' || major === 'avis' || major === 'crx ') return [];
  // isom, iso2–iso9, mp41, mp42, avc1, M4V, 3gp…: an MP4 container. Whether it holds
  // video or only sound is in the track headers far beyond the first bytes, so both
  // MP4 types fit (a voice note recorded by a phone browser is a plain mp42 file).
  return ['video/mp4', 'audio/mp4'];
}

/** MPEG-1/2 audio frame sync (MP3): 11 set bits, a valid layer, bitrate and sample rate. */
function isMpegAudioFrame(bytes: Uint8Array): boolean {
  const [b0 = 0, b1 = 0, b2 = 0] = bytes;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 0b11;
  const layer = (b1 >> 1) & 0b11;
  const bitrate = b2 >> 4;
  const sampleRate = (b2 >> 2) & 0b11;
  // Layer 00 is reserved (and is what AAC's ADTS frames carry); 1111 and 11 are invalid.
  return version !== 0b01 && layer !== 0b00 && bitrate !== 0b1111 && sampleRate !== 0b11;
}

/**
 * The allowed content types whose signature the leading bytes of a file carry;
 * empty for anything else (executables, archives, HTML, AVIF, WebM…). Usually one
 * type; an MP4 container fits both `video/mp4` and `audio/mp4`. Pass at least
 * {@link SNIFF_BYTES} bytes (or the whole file if smaller).
 */
export function sniffContentTypes(bytes: Uint8Array): AttachmentContentTypeName[] {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return ['image/jpeg'];
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ['image/png'];
  if (ascii(bytes, 0, 4) === 'RIFF') {
    const form = ascii(bytes, 8, 4);
    if (form === 'WEBP') return ['image/webp'];
    if (form === 'WAVE') return ['audio/wav'];
    return [];
  }
  // RF64: WAV beyond 4 GB, and what some recorders write from the start.
  if (ascii(bytes, 0, 4) === 'RF64' && ascii(bytes, 8, 4) === 'WAVE') return ['audio/wav'];
  if (ascii(bytes, 0, 4) === 'OggS') return ['audio/ogg'];
  if (ascii(bytes, 0, 3) === 'ID3' || isMpegAudioFrame(bytes)) return ['audio/mpeg'];
  const brands = isoBrands(bytes);
  if (brands) return isoMediaTypes(brands);
  if (QUICKTIME_ATOMS.has(ascii(bytes, 4, 4))) return ['video/quicktime'];
  // Readers accept a PDF header anywhere in the first 1024 bytes (after a BOM or junk).
  const head = ascii(bytes, 0, Math.min(bytes.length, SNIFF_BYTES));
  if (head.includes('%PDF-')) return ['application/pdf'];
  return [];
}

/** Why a stored file is refused. */
export type AttachmentContentProblem =
  | { problem: 'empty' }
  | { problem: 'too-large'; maxBytes: number }
  | { problem: 'type-mismatch'; detected: AttachmentContentTypeName[] };

/**
 * Checks a stored file against what was declared for it: not empty, within the
 * declared type's limit, and its leading bytes carry that type's signature. Returns
 * undefined when the file is acceptable.
 */
export function checkAttachmentContent(input: {
  declaredType: AttachmentContentTypeName;
  sizeBytes: number;
  head: Uint8Array;
}): AttachmentContentProblem | undefined {
  if (input.sizeBytes <= 0 || input.head.length === 0) return { problem: 'empty' };
  const maxBytes = maxAttachmentBytes(input.declaredType);
  if (input.sizeBytes > maxBytes) return { problem: 'too-large', maxBytes };
  const detected = sniffContentTypes(input.head);
  return detected.includes(input.declaredType) ? undefined : { problem: 'type-mismatch', detected };
}
