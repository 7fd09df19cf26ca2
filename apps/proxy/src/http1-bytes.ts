/**
 * The byte classes of HTTP/1.1 (RFC 9110 §5.6.2, RFC 9112) as lookup tables, shared by the two
 * parsers that read it by hand: the lean front's request heads and the upstream responses.
 */
export const CR = 0x0d;
export const LF = 0x0a;
export const COLON = 0x3a;
export const SP = 0x20;
export const HTAB = 0x09;

/** tchar: the bytes of a token (field names, methods). */
export const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TOKEN[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;

/** The bytes of a field value or reason phrase: VCHAR, obs-text, SP, HTAB (no other control byte, no DEL). */
export const FIELD_VALUE = new Uint8Array(256);
for (let c = 0x20; c <= 0xff; c++) FIELD_VALUE[c] = c === 0x7f ? 0 : 1;
FIELD_VALUE[HTAB] = 1;

/** A field value Node would refuse to write (ERR_INVALID_CHAR): anything but tab and printable Latin-1. */
export const INVALID_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** A field name that is not a token. */
export const INVALID_FIELD_NAME = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;
