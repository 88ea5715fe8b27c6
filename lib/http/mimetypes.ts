/**
 * The mimetype of a file from its extension, for `sendFile` and static files: a small built-in
 * table of the types web apps serve (Python's `mimetypes` reads the system's table; a framework
 * on Node's own modules carries its own). Anything unknown is `application/octet-stream`, which
 * browsers download rather than guess at.
 */

/** Extensions (lower-case, without the dot) to mimetypes. */
const TYPES: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  // Text and documents
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  // RFC 9239: text/javascript is the one registered type for JavaScript.
  js: 'text/javascript',
  mjs: 'text/javascript',
  cjs: 'text/javascript',
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  ics: 'text/calendar',
  vtt: 'text/vtt',
  xml: 'application/xml',
  xhtml: 'application/xhtml+xml',
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/json',
  map: 'application/json',
  jsonld: 'application/ld+json',
  webmanifest: 'application/manifest+json',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  // Images
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  ico: 'image/vnd.microsoft.icon',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  // Fonts
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  // Audio and video
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  weba: 'audio/webm',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  ogv: 'video/ogg',
  webm: 'video/webm',
  mov: 'video/quicktime',
  // Archives: served as what they are, never with a Content-Encoding the browser would undo.
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  bz2: 'application/x-bzip2',
  xz: 'application/x-xz',
  '7z': 'application/x-7z-compressed',
});

/** What unknown files are sent as. */
export const DEFAULT_MIMETYPE = 'application/octet-stream';

/**
 * The mimetype for a file name or path, from its last extension, case-insensitive;
 * `application/octet-stream` when the extension is unknown or missing.
 *
 * @example
 * ```ts
 * guessMimetype('static/app.CSS');  // 'text/css'
 * guessMimetype('archive.tar.gz');  // 'application/gzip'
 * guessMimetype('README');          // 'application/octet-stream'
 * ```
 */
export function guessMimetype(filename: string): string {
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  // A leading dot names a hidden file (`.htaccess`), not an extension.
  if (dot <= 0) return DEFAULT_MIMETYPE;
  return TYPES[base.slice(dot + 1).toLowerCase()] ?? DEFAULT_MIMETYPE;
}
