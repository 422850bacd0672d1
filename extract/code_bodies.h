// The bodies of <script> and <style> elements are a third to a half of a
// news page's bytes (bundles, inline state, critical CSS), and no part of
// extraction reads them but JSON-LD. Dropping them before the tokenizer
// copies them into text nodes saves a fifth of parse time on such pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace caravan::extract {

// `html` with the bodies of its HTML <script> and <style> elements emptied;
// the elements stay, with their attributes. Scripts whose start tag names
// JSON-LD, or holds a character reference, keep their bodies. The scan follows the tokenizer far enough to
// empty only what the tokenizer would read as script or style text:
// comments, quoted attribute values and the other raw-text elements
// (textarea, title, noscript, iframe, ...) are skipped whole, SVG and MathML
// are left alone, and at a script body holding "<!--" (whose escape states
// can carry the script past its first end tag) or a <plaintext> the scan
// stops and the rest is kept as it is. Returns false, leaving `*out`
// untouched, when there was nothing to drop. The bodies of the <style>
// elements the scan passed, emptied or not, are added to `*styles` when it
// is given (views into `html`), for the rules that hide elements.
bool WithoutCodeBodies(std::string_view html, std::string* out, std::vector<std::string_view>* styles = nullptr);

}  // namespace caravan::extract
