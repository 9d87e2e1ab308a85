export interface PdfMeta {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  /** BCP 47 language of the text, e.g. `vi`. */
  lang?: string;
  creationDate?: Date;
  creatorTool?: string;
  producer?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** ISO 8601 with the local offset, the form XMP and PDF/A validators expect. */
export function isoWithOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 19);
  return `${local}${sign}${pad(off / 60)}:${pad(off % 60)}`;
}

/** XMP packet with PDF/A-2b identification; values mirror the document info dictionary. */
export function xmpPacket(meta: Required<Pick<PdfMeta, 'creatorTool' | 'producer'>> & PdfMeta, created: Date, documentId: string): string {
  const date = isoWithOffset(created);
  const title = meta.title ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.title)}</rdf:li></rdf:Alt></dc:title>` : '';
  const creator = meta.author ? `<dc:creator><rdf:Seq><rdf:li>${esc(meta.author)}</rdf:li></rdf:Seq></dc:creator>` : '';
  const desc = meta.subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.subject)}</rdf:li></rdf:Alt></dc:description>` : '';
  const lang = meta.lang ? `<dc:language><rdf:Bag><rdf:li>${esc(meta.lang)}</rdf:li></rdf:Bag></dc:language>` : '';
  const keywords = meta.keywords?.length ? `<pdf:Keywords>${esc(meta.keywords.join(', '))}</pdf:Keywords>` : '';
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
${title}${creator}${desc}${lang}
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<xmp:CreatorTool>${esc(meta.creatorTool)}</xmp:CreatorTool>
<pdf:Producer>${esc(meta.producer)}</pdf:Producer>${keywords}
<xmpMM:DocumentID>uuid:${documentId}</xmpMM:DocumentID>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
