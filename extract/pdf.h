// Text and metadata of PDF documents (reports, journal articles).
#pragma once

#include <string_view>

#include "extract/article.h"

namespace caravan::extract {

// True if the content type says PDF or "%PDF-" appears in the first KiB
// (where readers accept it, after junk some servers prepend).
bool IsPdf(std::string_view body, std::string_view content_type);

// Extracts a PDF with poppler's word boxes, laid out again: words form
// lines by baseline, lines are read top to bottom with a left column
// before a right one (the gutter is found per page), and lines form
// paragraphs by geometry (a paragraph ends at a wider vertical gap, a
// change of type size, or a short line ending a sentence). Words
// hyphenated across lines are joined; lines repeated at the top or bottom
// of most pages (running heads, footers) and bare page numbers are
// dropped. Title, author and creation date come from the document
// information dictionary; an unusable title ("Microsoft Word - x.docx",
// empty) is replaced by the largest type near the top of page 1. Language
// is left empty. Never throws; encrypted or broken files give `error`.
Article ExtractPdf(std::string_view body);

}  // namespace caravan::extract
