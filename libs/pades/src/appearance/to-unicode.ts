/**
 * A ToUnicode CMap (ISO 32000-1 §9.10.3) for two-byte codes equal to glyph ids: what copy, paste, search
 * and screen readers turn each glyph back into. A ligature maps to its characters (لا → U+0644 U+0627).
 * A glyph drawn for several texts (rare: one glyph for two characters) keeps the first.
 */
export function toUnicodeCMap(texts: ReadonlyMap<number, string>): Buffer {
  const entries = [...texts].filter(([, text]) => text !== '').sort(([a], [b]) => a - b);
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
  ];
  // At most 100 mappings in one bfchar block.
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    lines.push(`${block.length} beginbfchar`);
    for (const [glyph, text] of block) lines.push(`<${hex4(glyph)}> <${utf16Hex(text)}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return Buffer.from(`${lines.join('\n')}\n`, 'latin1');
}

export function hex4(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

function utf16Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += hex4(text.charCodeAt(i));
  return hex;
}
