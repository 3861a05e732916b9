// The HTML output: one self-contained page (no scripts or styles from elsewhere) that looks like
// the PDF on screen and prints on A4 with the footer and page numbers in the page margins.
#include <algorithm>
#include <cstdio>
#include <string_view>

#include "core/text.hpp"
#include "pdf/document.hpp"

namespace linli::pdf {
namespace {

// Cells of at most this many characters make a short column.
constexpr std::size_t kShortCell = 10;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Calls `emit(cp, bytes)` for each code point of `s`; an invalid byte comes as U+FFFD.
template <class Emit>
void ForEachCodePoint(std::string_view s, Emit emit) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = p[i];
    std::size_t n = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      n = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      n = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 4;
      cp = c & 0x07;
    }
    bool ok = n > 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      ok = (p[i + k] & 0xC0) == 0x80;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    ok = ok && !(n == 2 && cp < 0x80) && !(n == 3 && cp < 0x800) && !(n == 4 && cp < 0x10000) &&
         cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!ok) {
      emit(char32_t{0xFFFD}, kReplacement);
      i += 1;
    } else {
      emit(cp, s.substr(i, n));
      i += n;
    }
  }
}

// Text for HTML content and attribute values.
std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  ForEachCodePoint(s, [&](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case 0:
        out += kReplacement;
        break;
      default:
        out += bytes;
    }
  });
  return out;
}

// Text for a CSS string inside a <style> element: everything but letters, digits, spaces and
// non-ASCII is written as a hex escape, so no quote, backslash or "</style>" can get through.
std::string CssString(std::string_view s) {
  std::string out = "\"";
  ForEachCodePoint(s, [&](char32_t cp, std::string_view bytes) {
    const bool plain = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                       (cp >= '0' && cp <= '9') || cp == ' ' || cp >= 0x80;
    if (cp == 0 || cp == 0xFFFD) {
      out += "\\FFFD ";
    } else if (plain) {
      out += bytes;
    } else {
      char hex[16];
      std::snprintf(hex, sizeof hex, "\\%X ", static_cast<unsigned>(cp));
      out += hex;
    }
  });
  out += '"';
  return out;
}

constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
body { margin: 0; background: #e8e8e8; color: #000; font-size: 11pt; line-height: 1.6;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; }
.toolbar { width: 210mm; margin: 12px auto; text-align: right; }
.toolbar button { font: 14px "Noto Sans CJK SC", sans-serif; padding: 6px 24px; cursor: pointer; }
.sheet { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 0 auto 24px;
  padding: 20mm; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .3); }
h1 { font-size: 20pt; font-weight: bold; text-align: center; line-height: 1.3; margin: 0 0 6pt; }
p.subtitle { font-size: 10.5pt; text-align: center; text-indent: 0; margin: 0 0 14pt; }
h2 { font-size: 13pt; font-weight: bold; margin: 12pt 0 6pt; break-after: avoid; }
p { text-indent: 2em; text-align: justify; margin: 0 0 6pt; line-height: 1.8; }
p, th, td, .signature .label { white-space: pre-wrap; overflow-wrap: break-word; }
table { width: 100%; border-collapse: collapse; margin: 0 0 10pt; font-size: 9.5pt;
  line-height: 1.45; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", sans-serif; }
th, td { border: 0.6pt solid #000; padding: 4pt 5pt; vertical-align: middle; text-align: left; }
th { background: #eee; font-weight: bold; text-align: center;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.short { text-align: center; }
th.short, td.short { white-space: pre; }
table.kv { table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; column-gap: 24pt; row-gap: 14pt;
  margin: 24pt 0 10pt; break-inside: avoid; }
.signature { display: flex; align-items: flex-end; }
.signature .line { flex: 1; border-bottom: 0.6pt solid #000; height: 1.6em; margin-left: 4pt; }
.spacer { height: 12pt; }
.screen-footer { margin-top: 24pt;
  padding-top: 4pt; border-top: 0.4pt solid #777; font-size: 8pt; white-space: pre-wrap;
  font-family: "Noto Sans CJK SC", sans-serif; }
@media print {
  body { background: none; }
  .toolbar, .screen-footer { display: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
)css";

void AppendKeyValues(std::string& out, const Block& block) {
  out +=
      "<table class=\"kv\"><colgroup><col style=\"width:16%\"><col style=\"width:34%\">"
      "<col style=\"width:16%\"><col style=\"width:34%\"></colgroup><tbody>\n";
  for (const auto& indexes : ArrangeKeyValues(block.pairs)) {
    out += "<tr>";
    for (std::size_t k : indexes) {
      out += "<th scope=\"row\">" + Escape(block.pairs[k].first) + "</th>";
      out += indexes.size() == 2 ? "<td>" : "<td colspan=\"3\">";
      out += Escape(block.pairs[k].second) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

void AppendTable(std::string& out, const Block& block) {
  std::size_t columns = block.header.size();
  for (const auto& row : block.rows) columns = std::max(columns, row.size());
  if (columns == 0) return;
  // Short columns (numbers, dates, names) are centred and kept on one line, as in the PDF; the
  // browser gives the rest of the width to the long ones.
  auto short_text = [](const std::string& s) {
    return Utf8Length(s) <= kShortCell && s.find('\n') == std::string::npos;
  };
  std::vector<bool> is_short(columns, true);
  for (std::size_t i = 0; i < block.header.size(); ++i) is_short[i] = short_text(block.header[i]);
  for (const auto& row : block.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!short_text(row[i])) is_short[i] = false;
    }
  }
  out += "<table class=\"data\">";
  if (!block.header.empty()) {
    out += "<thead><tr>";
    for (std::size_t i = 0; i < columns; ++i) {
      out += is_short[i] ? "<th scope=\"col\" class=\"short\">" : "<th scope=\"col\">";
      if (i < block.header.size()) out += Escape(block.header[i]);
      out += "</th>";
    }
    out += "</tr></thead>";
  }
  out += "<tbody>\n";
  for (const auto& row : block.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < columns; ++i) {
      out += is_short[i] ? "<td class=\"short\">" : "<td>";
      if (i < row.size()) out += Escape(row[i]);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

void AppendSignatures(std::string& out, const Block& block) {
  out += "<div class=\"signatures\">";
  for (const std::string& label : block.signatures) {
    out += "<div class=\"signature\"><span class=\"label\">" + Escape(label) +
           "：</span><span class=\"line\"></span></div>";
  }
  out += "</div>\n";
}

}  // namespace

std::string RenderHtml(const Document& doc) {
  std::string out;
  out.reserve(8192);
  out += "<!DOCTYPE html>\n<html lang=\"" + Escape(doc.lang.empty() ? "zh-CN" : doc.lang) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         Escape(doc.title) + "</title>\n<style>";
  out += kStyle;
  // The footer and the page number in the margin of every printed page.
  out += "@page { size: A4; margin: 20mm 20mm 22mm;\n";
  if (!doc.footer.empty()) {
    out += "  @bottom-left { content: " + CssString(doc.footer) +
           "; font-size: 8pt; white-space: pre-wrap; }\n";
  }
  out +=
      "  @bottom-right { content: \"第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\"; "
      "font-size: 8pt; }\n}\n</style>\n</head>\n<body>\n"
      "<div class=\"toolbar\"><button type=\"button\" onclick=\"window.print()\">打印</button>"
      "</div>\n<main class=\"sheet\">\n";
  if (!doc.title.empty()) out += "<h1>" + Escape(doc.title) + "</h1>\n";
  if (!doc.subtitle.empty()) out += "<p class=\"subtitle\">" + Escape(doc.subtitle) + "</p>\n";
  for (const Block& block : doc.blocks) {
    switch (block.kind) {
      case Block::Kind::kHeading:
        out += "<h2>" + Escape(block.text) + "</h2>\n";
        break;
      case Block::Kind::kParagraph:
        out += "<p>" + Escape(block.text) + "</p>\n";
        break;
      case Block::Kind::kKeyValues:
        if (!block.pairs.empty()) AppendKeyValues(out, block);
        break;
      case Block::Kind::kTable:
        AppendTable(out, block);
        break;
      case Block::Kind::kSignature:
        if (!block.signatures.empty()) AppendSignatures(out, block);
        break;
      case Block::Kind::kSpacer:
        out += "<div class=\"spacer\"></div>\n";
        break;
    }
  }
  // On screen the footer closes the sheet; in print it is in the page margins instead.
  if (!doc.footer.empty()) {
    out += "<footer class=\"screen-footer\">" + Escape(doc.footer) + "</footer>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace linli::pdf
