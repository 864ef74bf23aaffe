// Untrusted text (a scenario name, a message) written into an XML document — a JUnit report, an SVG
// export — must keep the document well-formed: a character XML 1.0 forbids (NUL, ESC, most C0
// controls, unpaired surrogates) makes every strict parser refuse the whole file.

/** Text safe in XML content and attribute values; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
