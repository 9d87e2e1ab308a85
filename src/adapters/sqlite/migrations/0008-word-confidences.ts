/**
 * OCR words with their confidence and box, per page (issue 11): review tools and the
 * confidence gate can find the weak words of a page without reading the work folder.
 * Reading order is word_no; line_no groups words into lines in that order.
 */
export default `
CREATE TABLE page_words (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page_no INTEGER NOT NULL,
  word_no INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  text TEXT NOT NULL,
  confidence REAL NOT NULL,
  x0 INTEGER NOT NULL,
  y0 INTEGER NOT NULL,
  x1 INTEGER NOT NULL,
  y1 INTEGER NOT NULL,
  PRIMARY KEY (document_id, page_no, word_no)
) WITHOUT ROWID;
`;
